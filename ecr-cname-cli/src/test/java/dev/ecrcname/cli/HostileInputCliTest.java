package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
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
        RegistryPaths.tags(repository),
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

  static final String ESCAPES =
      "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u001b]8;;https://evil\u001b\\";

  /** {@code text} as a JSON string literal, every character below space or above ~ escaped. */
  static String json(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  @Test
  void escapeSequencesInTagNamesNeverReachTheTerminal() {
    tags("app/small", "\"ok\"," + json(ESCAPES + "evil"));
    assertThat(against("tags", "app/small")).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("ok").contains("evil");
    assertThat(printed).doesNotContain("\u001b", "\u0007", "\u009b");
  }

  @Test
  void escapeSequencesInARegistryErrorNeverReachTheTerminal() {
    registry.override(
        RegistryPaths.tags("app/small"),
        r ->
            new MockResponse.Builder()
                .code(403)
                .body(
                    "{\"errors\":[{\"code\":\"DENIED\",\"message\":" + json(ESCAPES + "no") + "}]}")
                .build());
    assertThat(against("tags", "app/small")).isEqualTo(3);
    assertThat(err()).contains("ecr-cname: error:").doesNotContain("\u001b", "\u0007", "\u009b");
  }

  @Test
  void escapeSequencesInAChallengeNeverReachTheTerminal() {
    registry.override(
        RegistryPaths.tags("app/small"),
        r ->
            new MockResponse.Builder()
                .code(401)
                .addHeaderLenient("WWW-Authenticate", "Basic realm=\"\u001b]0;pwned\u0007x\"")
                .build());
    assertThat(against("tags", "app/small")).isEqualTo(4);
    assertThat(err()).contains("challenge").doesNotContain("\u001b", "\u0007");
  }

  @Test
  void aMalformedDockerContentDigestExitsSixAsBadContent() {
    registry.manifest(
        RegistryPaths.manifest("app/small", "1.0"),
        new MockResponse.Builder()
            .setHeader("Docker-Content-Digest", "sha256:abc")
            .body("{\"schemaVersion\":2}")
            .build());
    assertThat(against("inspect", "app/small:1.0")).isEqualTo(6);
    assertThat(err()).contains("Docker-Content-Digest").doesNotContain("Exception");
  }
}
