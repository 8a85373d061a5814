package dev.ecrcname.core.standin;

import dev.ecrcname.core.testing.StandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} CLI against the stand-in's own dockerd, logged in to the stand-in registry through a private
 * config directory (credentials go in a file, never on a command line).
 */
final class DockerCli {
  private static final long TIMEOUT_SECONDS = 180;

  private final StandIn standIn;
  private final Path configDir;

  DockerCli(StandIn standIn, Path configDir) {
    this.standIn = standIn;
    this.configDir = configDir;
    String auth =
        Base64.getEncoder()
            .encodeToString((standIn.username() + ":" + standIn.password()).getBytes(StandardCharsets.UTF_8));
    String json = "{\"auths\":{\"" + standIn.registryAuthority() + "\":{\"auth\":\"" + auth + "\"}}}\n";
    try {
      Files.writeString(configDir.resolve("config.json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code docker ARGS...} and returns its standard output; fails the test with its output otherwise. */
  String run(String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "--config", configDir.toString()));
    command.addAll(List.of("-H", standIn.dockerHost()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(configDir, "docker", ".out");
      Path err = Files.createTempFile(configDir, "docker", ".err");
      Process process =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command);
      }
      String stdout = Files.readString(out);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            command + " exited " + process.exitValue() + "\n" + stdout + Files.readString(err));
      }
      return stdout;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + command, e);
    }
  }
}
