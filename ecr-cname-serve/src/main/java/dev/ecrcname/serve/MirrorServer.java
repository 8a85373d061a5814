package dev.ecrcname.serve;

import dev.ecrcname.core.RegistryClient;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node-local, read-only registry mirror over a {@link RegistryClient}: docker, containerd, podman
 * and skopeo pull {@code docker-ecr.internal.example/app:1} through it, while the client does the
 * CNAME, TLS and token work. See docs/mirror.md.
 *
 * <pre>{@code
 * try (MirrorServer mirror = MirrorServer.builder().client(client).port(5000).start()) {
 *   mirror.awaitStop();
 * }
 * }</pre>
 *
 * <p>It listens on 127.0.0.1 unless told otherwise, and refuses a non-loopback address without TLS
 * and client authentication. Closing it drains requests in flight for the drain timeout; the client
 * stays the caller's.
 */
public final class MirrorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorServer.class);

  private final Server server;
  private final Settings settings;
  private final MirrorMetrics metrics;

  MirrorServer(Server server, Settings settings, MirrorMetrics metrics) {
    this.server = server;
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * A builder; only {@link MirrorServerBuilder#client} is required.
   *
   * @return a new builder
   */
  public static MirrorServerBuilder builder() {
    return new MirrorServerBuilder();
  }

  /**
   * The port it listens on (the one chosen when built with port 0).
   *
   * @return the port
   */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /**
   * Where clients reach it, e.g. {@code http://127.0.0.1:5000}.
   *
   * @return the base URI
   */
  public URI uri() {
    String host = settings.listenHost().contains(":") ? "[" + settings.listenHost() + "]" : null;
    return URI.create(
        (settings.tls() ? "https" : "http")
            + "://"
            + (host != null ? host : settings.listenHost())
            + ":"
            + port());
  }

  /**
   * Counts this mirror exports on {@code /metrics}; a credentials provider calls this when it gets
   * a fresh token.
   */
  public void tokenRefreshed() {
    metrics.tokenRefreshed();
  }

  /**
   * Blocks until the server stops (through {@link #close()} from another thread, e.g. a shutdown
   * hook on SIGTERM).
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public void awaitStop() throws InterruptedException {
    server.join();
  }

  /**
   * Stops accepting connections and waits up to the drain timeout for requests in flight; those
   * still running then are cut (their clients see a body short of its length), and it returns.
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (TimeoutException e) {
      // Jetty stopped the rest and cut what was left; an expected end, not a failure to report.
      LOG.warn(
          "requests still running after the drain timeout ({}) were cut", settings.drainTimeout());
    } catch (Exception e) {
      throw new IllegalStateException("the mirror did not stop cleanly: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "MirrorServer["
        + uri()
        + " for "
        + settings.names()
        + ", blobs "
        + settings.blobs()
        + "]";
  }
}
