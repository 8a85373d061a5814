package dev.ecrcname.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program as a subprocess, as a person or a script would (the ecr-cname jar, docker, podman,
 * skopeo, ctr), and captures what it said. The environment is the test's minus every {@code
 * ECR_CNAME_} and {@code AWS_} variable, so that nothing from the machine leaks in, plus what the
 * test sets.
 */
public final class Command {
  /**
   * How long {@link #run()} waits before it kills the program and fails. A docker pull of a seeded
   * image through the stand-in takes seconds; this only stops a hung program. The modules' {@code
   * junit-platform.properties} give a test longer than this, so that a hang fails with the command
   * line rather than with JUnit's bare timeout.
   */
  public static final Duration TIMEOUT = Duration.ofMinutes(3);

  /**
   * Left out of the inherited environment like ECR_CNAME_* and AWS_*, so that a machine's proxy or
   * docker config never changes what a test sees; tests that want them set them.
   */
  private static final java.util.Set<String> PROXY_AND_DOCKER_VARIABLES =
      java.util.Set.of("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "ALL_PROXY", "DOCKER_CONFIG");

  private final List<String> command = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private byte[] stdin = new byte[0];
  private Path directory = Path.of("").toAbsolutePath();

  private Command(List<String> command) {
    this.command.addAll(command);
  }

  public static Command of(String... command) {
    return of(List.of(command));
  }

  /**
   * podman with storage of its own under {@code storage} (root, runroot, the vfs driver): nothing
   * shared with the machine's images, and no overlay support needed.
   */
  public static Command podman(Path storage) {
    return of(
        "podman",
        "--root",
        storage.resolve("root").toString(),
        "--runroot",
        storage.resolve("run").toString(),
        "--storage-driver",
        "vfs");
  }

  public static Command of(List<String> command) {
    return new Command(command);
  }

  public Command args(String... more) {
    return args(List.of(more));
  }

  public Command args(List<String> more) {
    command.addAll(more);
    return this;
  }

  public Command env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Command env(Map<String, String> values) {
    env.putAll(values);
    return this;
  }

  public Command stdin(String text) {
    stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** The working directory; the test's own by default. */
  public Command in(Path directory) {
    this.directory = directory;
    return this;
  }

  /** Starts the process without waiting, for tests that signal it. */
  public Process start(Path stdout, Path stderr) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("ECR_CNAME_")
                    || k.startsWith("AWS_")
                    || PROXY_AND_DOCKER_VARIABLES.contains(k.toUpperCase(java.util.Locale.ROOT)));
    builder.environment().putAll(env);
    Process process = builder.start();
    try (var in = process.getOutputStream()) {
      in.write(stdin);
    }
    return process;
  }

  /** Runs the program to its end, at most {@link #TIMEOUT}. */
  public Result run() {
    try {
      Path out = Files.createTempFile("ecr-cname-it", ".out");
      Path err = Files.createTempFile("ecr-cname-it", ".err");
      try {
        Process process = start(out, err);
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s: " + command);
        }
        return new Result(
            List.copyOf(command),
            process.exitValue(),
            Files.readAllBytes(out),
            Files.readString(err));
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
  @SuppressWarnings("ArrayRecordComponent") // a test value, read once
  public record Result(List<String> command, int exitCode, byte[] stdoutBytes, String stderr) {
    public String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    public List<String> stdoutLines() {
      return stdout().lines().toList();
    }

    /** Asserts success and returns this, with the output in the failure message otherwise. */
    public Result succeeded() {
      assertThat(exitCode)
          .as("exit code of %s%nstdout: %s%nstderr: %s", command, stdout(), stderr)
          .isZero();
      return this;
    }

    /**
     * The lines that start with {@code ecr-cname: error:}, as the ecr-cname command reports a
     * failure.
     */
    public List<String> errorLines() {
      return stderr.lines().filter(l -> l.startsWith("ecr-cname: error:")).toList();
    }
  }
}
