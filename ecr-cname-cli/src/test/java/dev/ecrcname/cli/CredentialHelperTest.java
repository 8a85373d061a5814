package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a docker credential helper is found and ended (issue 21, defects 10 and 11). */
class CredentialHelperTest {
  @TempDir Path bin;

  /** Processes a test's helper started, ended after the test whatever happened. */
  Optional<ProcessHandle> leftOver = Optional.empty();

  @AfterEach
  void endWhatTheHelperStarted() {
    leftOver.ifPresent(ProcessHandle::destroyForcibly);
  }

  static Path helper(Path dir, String name, String body) throws IOException {
    Path script = dir.resolve("docker-credential-" + name);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /**
   * A relative PATH entry names a directory under the working directory, which a checkout or a
   * download can fill: docker (Go 1.19+ exec.LookPath) does not run a helper from there.
   */
  @Test
  void aHelperInARelativePathEntryIsNotRun() throws IOException {
    Path relative = Path.of("target", "relative-path-bin-" + ProcessHandle.current().pid());
    Files.createDirectories(relative);
    try {
      Path marker = bin.resolve("ran");
      helper(
          relative,
          "planted",
          "touch '" + marker + "'\necho '{\"Username\":\"u\",\"Secret\":\"s\"}'");
      Map<String, String> env = Map.of("PATH", relative + ":/usr/bin:/bin");

      assertThatThrownBy(() -> new CredentialHelper("planted", env).get("registry.example"))
          .isInstanceOf(OptionFailure.class)
          .hasMessageContaining("docker-credential-planted, which is not on the PATH");
      assertThat(marker).doesNotExist();
    } finally {
      Files.deleteIfExists(relative.resolve("docker-credential-planted"));
      Files.deleteIfExists(relative);
    }
  }

  @Test
  void aHelperInAnAbsolutePathEntryAfterARelativeOneIsRun() throws IOException {
    helper(bin, "good", "cat > /dev/null\necho '{\"Username\":\"u\",\"Secret\":\"s\"}'");
    Map<String, String> env = Map.of("PATH", ".:target:" + bin + ":/usr/bin:/bin");

    assertThat(new CredentialHelper("good", env).get("registry.example"))
        .hasValueSatisfying(c -> assertThat(c.password()).isEqualTo("s"));
  }

  /** A script helper that hangs with a child of its own: the child ends with it. */
  @Test
  void aTimedOutHelpersWholeProcessTreeIsEnded() throws Exception {
    Path pidFile = bin.resolve("child.pid");
    helper(bin, "hangs", "sleep 600 &\necho $! > '" + pidFile + "'\nwait");
    Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin");

    assertThatThrownBy(
            () -> new CredentialHelper("hangs", env, Duration.ofSeconds(1)).get("registry.example"))
        .isInstanceOf(OptionFailure.class)
        .hasMessageContaining("did not finish");

    long child = Long.parseLong(Files.readString(pidFile).strip());
    leftOver = ProcessHandle.of(child);
    leftOver.ifPresent(
        p -> {
          try {
            p.onExit().get(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new AssertionError("the helper's child " + child + " still runs", e);
          }
        });
  }
}
