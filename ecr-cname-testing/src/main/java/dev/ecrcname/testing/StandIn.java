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
 * @param proxyUrl the stand-in's HTTP proxy (tinyproxy), {@code http://127.0.0.1:<port>}, or empty
 * @param proxyLog the proxy's log, which names every CONNECT, or empty with {@code proxyUrl}
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
    String containerdAddress,
    String proxyUrl,
    String proxyLog) {

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
    return withProxyFallback(
        new StandIn(
            dir,
            Path.of(values.get("CA_FILE")),
            Integer.parseInt(values.get("PORT")),
            values.get("REGISTRY_HOST"),
            values.get("CNAME"),
            values.get("S3_HOST"),
            values.get("USERNAME"),
            values.get("PASSWORD"),
            values.getOrDefault("DOCKER_HOST", ""),
            values.getOrDefault("CONTAINERD_ADDRESS", ""),
            values.getOrDefault("PROXY_URL", ""),
            values.getOrDefault("PROXY_LOG", "")));
  }

  /**
   * The port where nginx also offers HTTP/2 for the same hosts ({@code HTTP2_PORT}, issue 23), or
   * empty for a stand-in started by an older script.
   */
  public java.util.OptionalInt http2Port() {
    try {
      for (String line : Files.readAllLines(dir.resolve("standin.env"), StandardCharsets.UTF_8)) {
        if (line.startsWith("HTTP2_PORT=") && line.length() > "HTTP2_PORT=".length()) {
          return java.util.OptionalInt.of(Integer.parseInt(line.substring("HTTP2_PORT=".length())));
        }
      }
      return java.util.OptionalInt.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The proxy as {@code standin.env} names it; a {@code standin.env} written by an older script
   * (another checkout restarting a shared stand-in) lacks it, so the proxy's own files are read
   * then.
   */
  private static StandIn withProxyFallback(StandIn s) {
    if (!s.proxyUrl.isEmpty()) {
      return s;
    }
    Path port = s.dir.resolve("proxy/port");
    Path log = s.dir.resolve("proxy/tinyproxy.log");
    try {
      if (!Files.isRegularFile(port) || !Files.isRegularFile(log)) {
        return s;
      }
      String url = "http://127.0.0.1:" + Files.readString(port, StandardCharsets.UTF_8).strip();
      return new StandIn(
          s.dir,
          s.caFile,
          s.port,
          s.registryHost,
          s.cname,
          s.s3Host,
          s.username,
          s.password,
          s.dockerHost,
          s.containerdAddress,
          url,
          log.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the stand-in runs its HTTP proxy (tinyproxy). */
  public boolean hasProxy() {
    return !proxyUrl.isEmpty();
  }

  /**
   * For proxy tests: returns when the stand-in has its proxy; otherwise skips the test, except on
   * CI ({@code CI=true}), where it fails it.
   */
  public StandIn requireProxy() {
    if (hasProxy()) {
      return this;
    }
    String why =
        "the stand-in has no HTTP proxy (install tinyproxy, then scripts/standin start again)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but " + why);
    }
    Assumptions.abort(why);
    return this;
  }

  /**
   * The lines of the proxy's log that open a tunnel, e.g. {@code ... Request (file descriptor 5):
   * CONNECT docker-ecr.internal.example:443 HTTP/1.1}, oldest first.
   */
  public List<String> proxyConnects() {
    return proxyRequests().stream().filter(line -> line.contains(": CONNECT ")).toList();
  }

  /**
   * Every request line the proxy logged, CONNECT and forwarded ones alike, e.g. {@code ... Request
   * (file descriptor 5): POST http://127.0.0.1:4000/ HTTP/1.1}, oldest first.
   */
  public List<String> proxyRequests() {
    try {
      return Files.readAllLines(Path.of(proxyLog), StandardCharsets.UTF_8).stream()
          .filter(line -> line.contains("Request (file descriptor"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
   * {@code skopeo ARGS} with the stand-in's auth file, so credentials never appear on a command
   * line. Global options (e.g. {@code --override-arch}) come first in {@code args}, then the
   * subcommand; the auth file goes last, where every subcommand takes it.
   */
  public Command skopeo(String... args) {
    return Command.of("skopeo")
        .args(args)
        .args("--authfile", dir.resolve("docker-config/config.json").toString());
  }

  /** {@code docker://<registry>/<repository:tag>}, an image as skopeo names it in the stand-in. */
  public String skopeoName(String repositoryAndTag) {
    return "docker://" + registryAuthority() + "/" + repositoryAndTag;
  }

  /** The directory holding the stand-in's CA, for skopeo's {@code --cert-dir} options. */
  public String certDir() {
    return String.valueOf(caFile.getParent());
  }

  /**
   * Every name resolves to loopback, where the stand-in answers them all; pass {@code
   * standIn::resolve} as a client's resolver, so that /etc/hosts does not matter.
   */
  public List<InetAddress> resolve(String host) {
    return List.of(InetAddress.getLoopbackAddress());
  }
}
