package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy}'s target is a connection of its own: with {@code --to-endpoint} alone, neither the
 * source's registry host nor its credentials reach the target (issue 21, item 2). With real ECR a
 * CNAME for another account in the same region passes TLS, so a copied Host header would land the
 * image in the source's account.
 */
class CopyTargetConnectionTest {
  static final String SOURCE_PASSWORD = "source-s3cret";
  static final String TARGET_CNAME = "docker-ecr.target.example";

  @RegisterExtension final FakeRegistry source = new FakeRegistry();
  @RegisterExtension final FakeRegistry target = new FakeRegistry();
  @TempDir Path cache;
  @TempDir Path dockerConfig;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int copy(String... toOptions) throws Exception {
    byte[] layer = OneLayerImage.randomBytes(1000, 3);
    OneLayerImage.serve(source, "app/small", layer, Digest.sha256("any"));
    String targetHost = TARGET_CNAME + ":" + target.server().getPort();
    // The target's own credentials: its docker config entry.
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"auths\":{\""
            + targetHost
            + "\":{\"auth\":\""
            + basic("AWS", "target-s3cret")
            + "\"}}}");
    List<String> args =
        new ArrayList<>(
            List.of(
                "copy",
                "--endpoint",
                "http://" + FakeRegistry.CNAME + ":" + source.server().getPort(),
                "--insecure-plain-http",
                "--resolve",
                FakeRegistry.CNAME + ":127.0.0.1",
                "--resolve",
                TARGET_CNAME + ":127.0.0.1",
                "--registry",
                FakeRegistry.REGISTRY,
                "--password-stdin",
                "--cache-dir",
                cache.toString(),
                "--to-endpoint",
                "http://" + targetHost));
    args.addAll(List.of(toOptions));
    args.addAll(List.of("app/small:1.0", "app/copy:1.0"));
    Io io =
        new Io(
            new ByteArrayInputStream((SOURCE_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("DOCKER_CONFIG", dockerConfig.toString()));
    return Main.run(args.toArray(String[]::new), io);
  }

  static String basic(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void toEndpointAloneNeverSendsTheSourcesHostOrCredentialsToTheTarget() throws Exception {
    int code = copy();

    List<RecordedRequest> requests = target.requests();
    assertThat(requests).isNotEmpty();
    for (RecordedRequest request : requests) {
      assertThat(request.getHeaders().get("Host"))
          .as(request.getRequestLine())
          .doesNotContain(FakeRegistry.REGISTRY);
      assertThat(String.valueOf(request.getHeaders().get("Authorization")))
          .as(request.getRequestLine())
          .doesNotContain(basic("AWS", SOURCE_PASSWORD));
    }
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(requests)
        .allSatisfy(
            r -> {
              assertThat(r.getHeaders().get("Host"))
                  .isEqualTo(TARGET_CNAME + ":" + target.server().getPort());
              assertThat(r.getHeaders().get("Authorization"))
                  .isEqualTo("Basic " + basic("AWS", "target-s3cret"));
            });
    assertThat(target.pushedManifests()).containsKey(RegistryPaths.manifest("app/copy", "1.0"));
  }

  @Test
  void toRegistryNamesTheTargetsHostWithTheTargetsOwnCredentials() throws Exception {
    String targetRegistry = "210987654321.dkr.ecr.us-east-1.amazonaws.com";

    int code = copy("--to-registry", targetRegistry);

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(target.requests())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getHeaders().get("Host"))
                  .isEqualTo(targetRegistry + ":" + target.server().getPort());
              assertThat(r.getHeaders().get("Authorization"))
                  .isEqualTo("Basic " + basic("AWS", "target-s3cret"));
            });
  }
}
