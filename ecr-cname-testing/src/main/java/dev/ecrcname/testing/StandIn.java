package dev.ecrcname.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The running local ECR stand-in, as {@code scripts/standin start} described it in {@code
 * standin.env}. Integration tests of every module read it from here, so there is one place that
 * knows the stand-in's layout.
 *
 * @param dockerHost the stand-in dockerd's socket URL, or empty when dockerd could not start here
 * @param containerdAddress the socket of the containerd that the stand-in started for its dockerd,
 *     or empty
 */
public record StandIn(
    Path dir,
    Path caFile,
    int port,
    String registryHost,
    String cname,
    String s3Host,
    String username,
    String password,
    String dockerHost,
    String containerdAddress) {

  /** Loads the stand-in's description, failing with a hint when it is not running. */
  public static StandIn require() {
    Path dir = directory();
    Path env = dir.resolve("standin.env");
    if (!Files.isRegularFile(env)) {
      throw new IllegalStateException(
          "the local ECR stand-in is not running (no "
              + env
              + "); start it with scripts/standin start");
    }
    Map<String, String> values = new HashMap<>();
    try {
      for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StandIn(
        dir,
        Path.of(values.get("CA_FILE")),
        Integer.parseInt(values.get("PORT")),
        values.get("REGISTRY_HOST"),
        values.get("CNAME"),
        values.get("S3_HOST"),
        values.get("USERNAME"),
        values.get("PASSWORD"),
        values.getOrDefault("DOCKER_HOST", ""),
        values.getOrDefault("CONTAINERD_ADDRESS", ""));
  }

  private static Path directory() {
    String configured = System.getProperty("standin.dir", System.getenv("ECR_CNAME_STANDIN_DIR"));
    if (configured != null && !configured.isEmpty()) {
      return Path.of(configured);
    }
    // Tests run with the module as working directory; the stand-in lives under the repository root.
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("scripts/standin"))) {
        return p.resolve("target/standin");
      }
    }
    return here.resolve("target/standin");
  }

  /** The CNAME endpoint clients dial, e.g. {@code https://docker-ecr.internal.example}. */
  public URI endpoint() {
    return URI.create("https://" + cname + (port == 443 ? "" : ":" + port));
  }

  /** The real registry endpoint, as docker and skopeo reach it. */
  public String registryAuthority() {
    return port == 443 ? registryHost : registryHost + ":" + port;
  }

  /** Every name the stand-in answers; all resolve to 127.0.0.1. */
  public List<String> hostNames() {
    return List.of(cname, registryHost, s3Host);
  }

  public boolean hasDocker() {
    return !dockerHost.isEmpty();
  }

  /**
   * For tests whose proof is real Docker: returns when the stand-in has dockerd; otherwise skips
   * the test, except on CI ({@code CI=true}), where a missing dockerd is a broken setup and fails
   * it, so the proof is never skipped silently.
   */
  public StandIn requireDocker() {
    requireDocker(hasDocker(), "true".equals(System.getenv("CI")), dir);
    return this;
  }

  static void requireDocker(boolean hasDocker, boolean ci, Path dir) {
    if (hasDocker) {
      return;
    }
    String why =
        "the stand-in has no dockerd (it needs root and the docker.io package); see "
            + dir.resolve("docker");
    if (ci) {
      throw new AssertionError("CI=true but " + why);
    }
    Assumptions.abort(why);
  }

  /**
   * Runs {@code docker ARGS} against the stand-in's dockerd, logged in to the stand-in registry
   * through its own config directory, so credentials never appear on a command line.
   */
  public Command.Result docker(String... args) {
    return Command.of(
            "docker", "--config", dir.resolve("docker-config").toString(), "-H", dockerHost)
        .args(args)
        .run();
  }

  /**
   * Every name resolves to loopback, where the stand-in answers them all; pass {@code
   * standIn::resolve} as a client's resolver, so that /etc/hosts does not matter.
   */
  public List<InetAddress> resolve(String host) {
    return List.of(InetAddress.getLoopbackAddress());
  }
}
