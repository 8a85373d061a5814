package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.FakeRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command in-process against a scripted registry that misbehaves, or with input an attacker
 * chose: exit codes, one error line, nothing a terminal would execute (issue 12).
 */
class HostileInputCliTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;
  @TempDir Path work;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    Io io =
        new Io(
            new ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return Main.run(args, io);
  }

  /** {@code command} against the fake registry over plain http, opted in. */
  int against(String command, String... rest) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(
        List.of(
            "--endpoint",
            "http://" + FakeRegistry.CNAME + ":" + registry.server().getPort(),
            "--insecure-plain-http",
            "--resolve",
            FakeRegistry.CNAME + ":127.0.0.1",
            "--registry",
            FakeRegistry.REGISTRY,
            "--password-stdin",
            "--cache-dir",
            cache.toString()));
    args.addAll(List.of(rest));
    return run(args.toArray(String[]::new));
  }

  void tags(String repository, String tagsJson) {
    registry.override(
        "/v2/" + repository + "/tags/list",
        r ->
            new MockResponse.Builder()
                .setHeader("Content-Type", "application/json")
                .body("{\"name\":\"" + repository + "\",\"tags\":[" + tagsJson + "]}")
                .build());
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainHttpEndpointWithoutTheLoudFlagIsAUsageError() {
    int code =
        run(
            "tags",
            "--endpoint",
            "http://127.0.0.1:" + registry.server().getPort(),
            "--password-stdin",
            "app");
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("plain http").contains("--insecure-plain-http");
    assertThat(registry.server().getRequestCount()).isZero();
  }

  @Test
  void insecurePlainHttpWarnsEvenUnderQuiet() {
    tags("app/small", "\"1.0\"");
    assertThat(against("tags", "-q", "app/small")).isZero();
    assertThat(err()).contains("warning: --insecure-plain-http");
  }

  @Test
  void userinfoInTheEndpointExitsTwoWithoutEchoingTheSecret() {
    int code =
        run("tags", "--endpoint", "https://AWS:tops3cret@cname.example", "--password-stdin", "app");
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("must not carry credentials").doesNotContain("tops3cret");
  }

  @Test
  void aShortDigestIsAUsageError() {
    assertThat(run("pull", "--endpoint", "https://cname.example", "app@sha256:abc")).isEqualTo(2);
    assertThat(err()).startsWith("ecr-cname: error:").doesNotContain("Exception");
  }
}
