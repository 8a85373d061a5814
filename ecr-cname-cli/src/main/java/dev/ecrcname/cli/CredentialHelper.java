package dev.ecrcname.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.RegistryCredentials;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A docker credential helper, {@code docker-credential-<name>}, run as docker runs it: the action
 * as the one argument ({@code get}, {@code store}), the server on stdin, JSON on stdout.
 * Time-bounded; its stderr is kept for the message when it fails; its stdout (the secret) never
 * reaches a message or log. The program is looked up on the PATH of the command's environment.
 */
final class CredentialHelper {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_OUTPUT = 64 * 1024;

  private final String name;
  private final Map<String, String> env;
  private final Duration timeout;

  CredentialHelper(String name, Map<String, String> env) {
    this(name, env, TIMEOUT);
  }

  /** With another time limit than {@link #TIMEOUT}, for tests. */
  CredentialHelper(String name, Map<String, String> env, Duration timeout) {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new OptionFailure(
          ExitStatus.CREDENTIALS,
          "invalid credential helper name '" + name + "' in the docker config",
          "fix credsStore or credHelpers in the docker config",
          null);
    }
    this.name = name;
    this.env = env;
    this.timeout = timeout;
  }

  String program() {
    return "docker-credential-" + name;
  }

  /**
   * The credentials the helper holds for {@code server}; empty when it has none.
   *
   * @throws OptionFailure when the helper is missing, fails, hangs or answers nonsense
   */
  Optional<RegistryCredentials> get(String server) {
    Result result = run("get", server);
    if (result.exit != 0) {
      if (result.stdout.contains("credentials not found")) {
        return Optional.empty();
      }
      throw failed("get", result);
    }
    JsonObject json;
    try {
      json = JsonParser.parseString(result.stdout).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new OptionFailure(
          ExitStatus.CREDENTIALS,
          program() + " get answered something that is not its JSON",
          hint(),
          null);
    }
    String user = string(json, "Username");
    String secret = string(json, "Secret");
    if (user == null || secret == null || secret.isEmpty() || user.equals("<token>")) {
      // "<token>" marks an identity token (OAuth refresh token), which is no Basic password.
      return Optional.empty();
    }
    return Optional.of(new RegistryCredentials(user, secret, null));
  }

  /** Stores credentials for {@code server}, as {@code docker login} does with a helper. */
  void store(String server, RegistryCredentials credentials) {
    JsonObject json = new JsonObject();
    json.addProperty("ServerURL", server);
    json.addProperty("Username", credentials.username());
    json.addProperty("Secret", credentials.password());
    Result result = run("store", json.toString());
    if (result.exit != 0) {
      throw failed("store", result);
    }
  }

  private record Result(int exit, String stdout, String stderr) {}

  private Result run(String action, String input) {
    Path executable = find();
    ProcessBuilder builder = new ProcessBuilder(executable.toString(), action);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new OptionFailure(
          ExitStatus.CREDENTIALS, "cannot run " + executable + ": " + e.getMessage(), hint(), e);
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // A helper that exits without reading stdin; its exit status tells.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        end(process);
        throw new OptionFailure(
            ExitStatus.CREDENTIALS,
            program() + " " + action + " did not finish within " + timeout.toSeconds() + " s",
            hint(),
            null);
      }
      return new Result(
          process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      end(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program(), e);
    } catch (ExecutionException | TimeoutException e) {
      end(process);
      throw new OptionFailure(
          ExitStatus.CREDENTIALS, "cannot read the output of " + program(), hint(), e);
    }
  }

  /**
   * Ends the helper and what it started: {@code destroyForcibly} alone ends only the direct child,
   * and a helper that is a script leaves its children running (issue 21, defect 11). The tree is
   * taken before the helper ends, since its orphans are no longer its descendants after.
   */
  private static void end(Process process) {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (in) {
                byte[] bytes = in.readNBytes(MAX_OUTPUT);
                in.transferTo(OutputStream.nullOutputStream());
                result.complete(new String(bytes, StandardCharsets.UTF_8));
              } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "ecr-cname-credential-helper");
    reader.setDaemon(true);
    reader.start();
    return result;
  }

  /**
   * The program on the environment's PATH, as a shell would find it, but only in absolute
   * directories: an empty or relative entry ({@code .}, {@code bin}) names the working directory,
   * which a checkout or a download can fill. Docker (Go 1.19+ {@code exec.LookPath}) refuses those
   * too (issue 21, defect 10).
   */
  private Path find() {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(Pattern.quote(File.pathSeparator), -1)) {
      if (dir.isEmpty() || !Path.of(dir).isAbsolute()) {
        continue;
      }
      Path candidate = Path.of(dir, program());
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new OptionFailure(
        ExitStatus.CREDENTIALS,
        "the docker config names the credential helper "
            + program()
            + ", which is not on the PATH (relative PATH entries are not searched)",
        "install " + program() + ", or remove it from credsStore/credHelpers in the docker config",
        null);
  }

  /** Never the stdout, which may hold the secret; stderr's first line is the helper's message. */
  private OptionFailure failed(String action, Result result) {
    String message = result.stderr.strip().lines().findFirst().orElse("no message on stderr");
    return new OptionFailure(
        ExitStatus.CREDENTIALS,
        program() + " " + action + " failed (exit " + result.exit + "): " + message,
        hint(),
        null);
  }

  private String hint() {
    return "check "
        + program()
        + " (docker uses it for this registry), or pass credentials explicitly";
  }

  private static @Nullable String string(JsonObject json, String key) {
    return json.has(key) && json.get(key).isJsonPrimitive() ? json.get(key).getAsString() : null;
  }
}
