package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.auth.EcrCredentialsProvider;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.testing.FakeAws;
import dev.ecrcname.testing.MutableClock;
import dev.ecrcname.testing.RegistryPaths;
import dev.ecrcname.testing.StandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Client authentication, the registry password kept in, and a token refreshed mid-run. */
class MirrorSecurityIT {
  StandIn standIn;
  @RegisterExtension final FakeAws aws = new FakeAws();
  @TempDir Path dir;

  @BeforeEach
  void standIn() {
    standIn = StandIn.require();
  }

  static Response get(MirrorServer mirror, String path, String... header) throws Exception {
    Request.Builder b = new Request.Builder().url(mirror.uri() + path);
    for (int i = 0; i + 1 < header.length; i += 2) {
      b.header(header[i], header[i + 1]);
    }
    return Mirrors.call(Mirrors.HTTP, b);
  }

  @Test
  void withATokenFileARequestWithoutItIs401AndWithItIs200() throws Exception {
    String token = "mirror-client-token-" + System.nanoTime();
    Path file = Files.writeString(dir.resolve("token"), token + "\n");
    try (RegistryClient client = Mirrors.client(standIn, "serve-auth/1").build();
        MirrorServer mirror = Mirrors.mirror(standIn, client).authTokenFile(file).start()) {
      try (Response r = get(mirror, RegistryPaths.base())) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic ");
      }
      try (Response r = get(mirror, RegistryPaths.base(), "Authorization", "Bearer wrong")) {
        assertThat(r.code()).isEqualTo(401);
      }
      try (Response r = get(mirror, RegistryPaths.base(), "Authorization", "Bearer " + token)) {
        assertThat(r.code()).isEqualTo(200);
      }
      String basic =
          Base64.getEncoder().encodeToString(("any:" + token).getBytes(StandardCharsets.UTF_8));
      try (Response r =
          get(
              mirror,
              RegistryPaths.manifest("app/small", "1.0"),
              "Authorization",
              "Basic " + basic)) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }

  @Test
  void theRegistryPasswordAppearsInNoResponseAndNoLogLine() throws Exception {
    List<String> seen = new ArrayList<>();
    // slf4j-simple writes to whatever System.err is at each line, so every line of this test is
    // here.
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try (RegistryClient client = Mirrors.client(standIn, "serve-secret/1").build();
        MirrorServer mirror = Mirrors.mirror(standIn, client).start()) {
      String config = MirrorConformanceIT.configOf(mirror, "app/small-oci").toString();
      for (String path :
          List.of(
              RegistryPaths.base(),
              RegistryPaths.manifest("app/small", "1.0"),
              RegistryPaths.blob("app/small-oci", config),
              RegistryPaths.tags("app/many-tags") + "?n=10",
              RegistryPaths.manifest("app/small", "nope"),
              RegistryPaths.blob("no/such", "sha256:" + "0".repeat(64)),
              "/metrics",
              "/readyz")) {
        try (Response r = get(mirror, path, "Authorization", "Basic dXNlcjpjbGllbnQ=")) {
          seen.add(r.headers() + "\n" + r.body().string());
        }
      }
    } finally {
      System.setErr(original);
    }
    String password = standIn.password();
    String basic =
        Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
    String log = captured.toString(StandardCharsets.UTF_8);
    original.print(log);
    // The access log line exactly as written, so its path is spelled out rather than from
    // RegistryPaths.
    assertThat(log).contains("GET /v2/app/small/manifests/1.0 200");
    for (String text : seen) {
      assertThat(text).doesNotContain(password).doesNotContain(basic);
    }
    assertThat(log).doesNotContain(password).doesNotContain(basic);
  }

  @Test
  void aTokenThatExpiresMidRunIsRefreshedWithoutAFailedRequest() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    aws.password(standIn.password())
        .proxyEndpoint("https://" + standIn.registryHost())
        .expiresAt(() -> clock.instant().plus(Duration.ofHours(12)));
    try (EcrCredentialsProvider provider =
            EcrCredentialsProvider.builder()
                .region("us-east-1")
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                            "AKIDFAKEBASEKEY00001", "base-secret-do-not-leak")))
                .ecrEndpoint(aws.endpoint())
                .clock(clock)
                .build();
        RegistryClient client =
            Mirrors.client(standIn, "serve-refresh/1").credentials(provider).build();
        MirrorServer mirror = Mirrors.mirror(standIn, client).start()) {
      for (int i = 0; i < 6; i++) {
        try (Response r = get(mirror, RegistryPaths.manifest("app/small", "1.0"))) {
          assertThat(r.code()).as("request " + i).isEqualTo(200);
        }
        clock.advance(Duration.ofHours(5)); // past the 12 h expiry after the third request
      }
    }
    assertThat(aws.ecrRequests()).as("tokens obtained").isGreaterThanOrEqualTo(2);
  }
}
