package dev.ecrcname.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a consumer (docker, podman, skopeo) as a subprocess and captures what it said. */
public record Command(int exitCode, String stdout, String stderr) {

  public static Command run(Map<String, String> env, String... command) {
    return run(env, List.of(command));
  }

  public static Command run(Map<String, String> env, List<String> command) {
    try {
      Path out = Files.createTempFile("ecr-cname-it-", ".out");
      Path err = Files.createTempFile("ecr-cname-it-", ".err");
      try {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(env);
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError("timed out: " + command);
        }
        return new Command(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Fails with everything the command printed unless it succeeded. */
  public Command ok() {
    if (exitCode != 0) {
      throw new AssertionError("exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
    }
    return this;
  }
}
