package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program as a subprocess, as a person or a script would: the shaded jar ({@link #ecrCname}) or a tool such
 * as docker. The environment is the test's minus every ECR_CNAME_ and AWS_ variable, so that nothing from the
 * machine leaks in, plus what the test sets.
 */
final class Cli {
  private static final long TIMEOUT_SECONDS = 180;

  private final List<String> command = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private byte[] stdin = new byte[0];
  private Path directory = Path.of("").toAbsolutePath();

  private Cli(List<String> command) {
    this.command.addAll(command);
  }

  /** {@code java -jar ecr-cname.jar ARGS...}; the jar is the one the package phase built. */
  static Cli ecrCname(String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    return new Cli(command);
  }

  static Cli tool(String... command) {
    return new Cli(List.of(command));
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("ecr-cname.jar", "target/ecr-cname.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; build it with ./mvnw -pl ecr-cname-cli package");
    }
    return jar;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  Cli args(List<String> more) {
    command.addAll(more);
    return this;
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Cli env(Map<String, String> values) {
    env.putAll(values);
    return this;
  }

  Cli stdin(String text) {
    stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  Cli in(Path directory) {
    this.directory = directory;
    return this;
  }

  /** Starts the process without waiting, for tests that signal it. */
  Process start(Path stdout, Path stderr) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("ECR_CNAME_") || k.startsWith("AWS_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    try (var in = process.getOutputStream()) {
      in.write(stdin);
    }
    return process;
  }

  Result run() {
    try {
      Path out = Files.createTempFile("ecr-cname-it", ".out");
      Path err = Files.createTempFile("ecr-cname-it", ".err");
      try {
        Process process = start(out, err);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new Result(command, process.exitValue(), Files.readAllBytes(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + command, e);
    }
  }

  /** What a run left: the exit code, stdout as bytes (inspect --raw is binary-exact) and stderr. */
  record Result(List<String> command, int exitCode, byte[] stdoutBytes, String stderr) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    List<String> stdoutLines() {
      return stdout().lines().toList();
    }

    /** Asserts success and returns this, with the output in the failure message otherwise. */
    Result succeeded() {
      assertThat(exitCode).as("exit code of %s%nstdout: %s%nstderr: %s", command, stdout(), stderr).isZero();
      return this;
    }

    /** The lines that start with {@code ecr-cname: error:}. */
    List<String> errorLines() {
      return stderr.lines().filter(l -> l.startsWith("ecr-cname: error:")).toList();
    }
  }
}
