package dev.ecrcname.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Docker's own client configuration, {@code $DOCKER_CONFIG/config.json} or {@code
 * ~/.docker/config.json}: read for credentials as docker reads them, and written by {@code
 * ecr-cname login} as {@code docker login} writes it.
 *
 * <p>For each host, in this order: a {@code credHelpers} entry for the host (a per-host helper,
 * such as {@code ecr-login}, wins as in docker); then an {@code auths} entry with credentials
 * ({@code auth}, base64 of {@code user:password}, or {@code username} and {@code password}); then
 * the {@code credsStore} helper.
 */
final class DockerConfig {
  private final Path file;
  private final JsonObject json;
  private final Map<String, String> env;

  private DockerConfig(Path file, JsonObject json, Map<String, String> env) {
    this.file = file;
    this.json = json;
    this.env = env;
  }

  /** {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json}. */
  static Path file(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir, "config.json");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".docker", "config.json");
  }

  /**
   * The configuration, or an empty one when the file does not exist.
   *
   * @throws OptionFailure when the file exists but is not a JSON object
   */
  static DockerConfig load(Map<String, String> env) {
    Path file = file(env);
    if (!Files.isRegularFile(file)) {
      return new DockerConfig(file, new JsonObject(), env);
    }
    try {
      JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new JsonParseException("not an object");
      }
      return new DockerConfig(file, parsed.getAsJsonObject(), env);
    } catch (IOException | JsonParseException e) {
      throw new OptionFailure(
          ExitStatus.CREDENTIALS,
          "cannot read the docker config " + file + ": " + e.getMessage(),
          "fix the file, or point DOCKER_CONFIG at another directory",
          e);
    }
  }

  Path path() {
    return file;
  }

  /** Credentials for the first of {@code hosts} (each a host or host:port) that has some. */
  Optional<Found> find(List<String> hosts) {
    for (String host : hosts) {
      Optional<RegistryCredentials> found = forHost(host);
      if (found.isPresent()) {
        return Optional.of(new Found(host, found.get()));
      }
    }
    return Optional.empty();
  }

  /** Credentials and the host they were found for. */
  record Found(String host, RegistryCredentials credentials) {}

  private Optional<RegistryCredentials> forHost(String host) {
    String helper = helperFor(host);
    if (helper != null && perHost(host) != null) {
      return new CredentialHelper(helper, env).get(host);
    }
    Optional<RegistryCredentials> inline = inline(host);
    if (inline.isPresent() || helper == null) {
      return inline;
    }
    return new CredentialHelper(helper, env).get(host);
  }

  /** The {@code credHelpers} entry for the host, else {@code credsStore}, else null. */
  @Nullable String helperFor(String host) {
    String perHost = perHost(host);
    if (perHost != null) {
      return perHost;
    }
    JsonElement store = json.get("credsStore");
    return store != null && store.isJsonPrimitive() && !store.getAsString().isBlank()
        ? store.getAsString()
        : null;
  }

  private @Nullable String perHost(String host) {
    JsonElement helpers = json.get("credHelpers");
    if (helpers == null || !helpers.isJsonObject()) {
      return null;
    }
    for (Map.Entry<String, JsonElement> e : helpers.getAsJsonObject().entrySet()) {
      if (hostOf(e.getKey()).equals(host) && e.getValue().isJsonPrimitive()) {
        return e.getValue().getAsString();
      }
    }
    return null;
  }

  /**
   * The {@code auths} entry for the host, in docker's order: the key that is exactly the host
   * first, then legacy keys that name it ({@code https://host}, {@code https://host/v1/}). So an
   * old {@code aws ecr get-login} entry never shadows the one {@code login} wrote (issue 21, defect
   * 6).
   */
  private Optional<RegistryCredentials> inline(String host) {
    JsonElement auths = json.get("auths");
    if (auths == null || !auths.isJsonObject()) {
      return Optional.empty();
    }
    List<Map.Entry<String, JsonElement>> entries =
        new ArrayList<>(auths.getAsJsonObject().entrySet());
    entries.sort(Comparator.comparing(e -> !e.getKey().equals(host)));
    for (Map.Entry<String, JsonElement> e : entries) {
      if (!hostOf(e.getKey()).equals(host) || !e.getValue().isJsonObject()) {
        continue;
      }
      Optional<RegistryCredentials> found = credentials(host, e.getValue().getAsJsonObject());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<RegistryCredentials> credentials(String host, JsonObject entry) {
    String auth = string(entry, "auth");
    if (auth != null && !auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException ex) {
        // Never the value: it is the password.
        throw new OptionFailure(
            ExitStatus.CREDENTIALS,
            "the docker config's auths entry for " + host + " is not base64 of user:password",
            "run docker login again, or ecr-cname login",
            null);
      }
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        return Optional.of(
            new RegistryCredentials(
                decoded.substring(0, colon), decoded.substring(colon + 1), null));
      }
    }
    String user = string(entry, "username");
    String password = string(entry, "password");
    if (user != null && !user.isEmpty() && password != null) {
      return Optional.of(new RegistryCredentials(user, password, null));
    }
    return Optional.empty();
  }

  /**
   * Keeps {@code credentials} for {@code host}: with a helper for the host (credHelpers, else
   * credsStore) through its {@code store}, as docker login does; otherwise as an {@code auths}
   * entry, written atomically with mode 0600, every other host's entry untouched. Every entry that
   * names the host under another key ({@code https://host}) is removed, also when a helper stores.
   *
   * @return where the credentials went, for the message
   */
  String store(String host, RegistryCredentials credentials) {
    String helper = helperFor(host);
    JsonObject auths =
        json.has("auths") && json.get("auths").isJsonObject()
            ? json.getAsJsonObject("auths")
            : new JsonObject();
    // Every entry naming the host goes: a stale one would otherwise be found first, or shadow the
    // helper's fresh token (issue 21, defect 6).
    boolean removed = auths.keySet().removeIf(key -> hostOf(key).equals(host));
    if (helper != null) {
      new CredentialHelper(helper, env).store(host, credentials);
      if (removed) {
        write();
      }
      return "credential helper docker-credential-" + helper + " (" + file + " names it)";
    }
    JsonObject entry = new JsonObject();
    entry.addProperty(
        "auth",
        Base64.getEncoder()
            .encodeToString(
                (credentials.username() + ":" + credentials.password())
                    .getBytes(StandardCharsets.UTF_8)));
    auths.add(host, entry);
    json.add("auths", auths);
    write();
    return file.toString();
  }

  /**
   * Writes the config atomically: a temp file beside the destination, then a rename onto it. A
   * symlinked config.json (a dotfile manager's) is written through, as docker does: the destination
   * is the end of the link chain, so the link stays (issue 21, defect 9).
   */
  private void write() {
    Path dir = Path.of(".");
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      Path target = linkTarget(file);
      Path parent = target.getParent();
      dir = parent != null ? parent : dir;
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      Path temp =
          posix
              ? Files.createTempFile(
                  dir,
                  ".config.json.",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(dir, ".config.json.", ".tmp");
      try {
        String text =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
        Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
        try {
          Files.move(
              temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new OptionFailure(
          ExitStatus.CREDENTIALS,
          "cannot write the docker config " + file + ": " + e.getMessage(),
          "check the permissions of " + dir + ", or point DOCKER_CONFIG at another directory",
          e);
    }
  }

  /** The file a chain of symlinks ends at (which may not exist yet); {@code file} if no link. */
  private static Path linkTarget(Path file) throws IOException {
    Path at = file.toAbsolutePath();
    for (int hops = 0; Files.isSymbolicLink(at); hops++) {
      if (hops == MAX_LINKS) {
        throw new IOException("too many levels of symbolic links");
      }
      Path parent = at.getParent();
      Path link = Files.readSymbolicLink(at);
      at = parent == null ? link : parent.resolve(link);
    }
    return at;
  }

  /** As Linux's limit on the links followed to resolve a path. */
  private static final int MAX_LINKS = 40;

  /** A key as docker normalises it: no scheme, no path ({@code https://host/v1/} is host). */
  static String hostOf(String key) {
    try {
      return RegistryHost.parseUrlOrHost(key).toString();
    } catch (IllegalArgumentException e) {
      return ""; // a key that names no host matches none
    }
  }

  private static @Nullable String string(JsonObject json, String key) {
    return json.has(key) && json.get(key).isJsonPrimitive() ? json.get(key).getAsString() : null;
  }
}
