package dev.ecrcname.serve;

import dev.ecrcname.core.RegistryClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
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

  private MirrorServer(Server server, Settings settings, MirrorMetrics metrics) {
    this.server = server;
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * A builder; only {@link Builder#client} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
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

  /** Builds and starts a {@link MirrorServer}. */
  public static final class Builder {
    private @Nullable RegistryClient client;
    private final Set<String> names = new LinkedHashSet<>();
    private String listenHost = "127.0.0.1";
    private int port = 5000;
    private BlobMode blobs = BlobMode.STREAM;
    private Duration tagTtl = Duration.ZERO;
    private long manifestCacheBytes = 64L * 1024 * 1024;
    private final Set<String> allowedHosts = new LinkedHashSet<>();
    private @Nullable Path tlsCert;
    private @Nullable Path tlsKey;
    private @Nullable Path clientCa;
    private @Nullable Path authTokenFile;
    private int maxUpstream = 32;
    private int maxBlobStreams = 16;
    private Duration queueTimeout = Duration.ofSeconds(30);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private int maxRequestHeaderBytes = 8 * 1024;
    private BooleanSupplier ready = () -> true;

    private Builder() {}

    /**
     * The client every upstream request goes through (required); it stays the caller's to close.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(RegistryClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The registry names served, as images name them (the CNAME, the registry host); a request
     * whose {@code ns} names another registry gets 404. Default: the client's registry host.
     *
     * @param name a host name, e.g. {@code docker-ecr.internal.example}
     * @return this builder
     */
    public Builder name(String name) {
      names.add(name.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * The address to listen on; default {@code 127.0.0.1}. Any other than loopback needs {@link
     * #tls} and client authentication ({@link #clientCa} or {@link #authTokenFile}).
     *
     * @param host an IP address or host name
     * @return this builder
     */
    public Builder listen(String host) {
      this.listenHost = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The port; default 5000, 0 for any free one (tests).
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, e.g. 5000; got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * How blob GETs are served; default {@link BlobMode#STREAM}.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder blobs(BlobMode mode) {
      this.blobs = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * How long a tag's answer is reused; default zero: every tag is resolved upstream.
     *
     * @param ttl zero or more
     * @return this builder
     */
    public Builder tagTtl(Duration ttl) {
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("the tag TTL must be zero or more, e.g. 30s");
      }
      this.tagTtl = ttl;
      return this;
    }

    /**
     * The memory kept for manifests by digest; default 64 MiB.
     *
     * @param bytes at least 0
     * @return this builder
     */
    public Builder manifestCacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("the manifest cache size must be 0 or more bytes");
      }
      this.manifestCacheBytes = bytes;
      return this;
    }

    /**
     * Another name the mirror answers in the Host header (a DNS-rebinding guard: any other gets
     * 400). The listen address, {@code localhost}, {@code 127.0.0.1} and {@code ::1} always count.
     *
     * @param host a host name or address, without port
     * @return this builder
     */
    public Builder allowHost(String host) {
      allowedHosts.add(HostGuard.normalize(host));
      return this;
    }

    /**
     * Serves TLS with this PEM certificate chain and PKCS#8 PEM private key.
     *
     * @param certificate the certificate chain file
     * @param privateKey the key file
     * @return this builder
     */
    public Builder tls(Path certificate, Path privateKey) {
      this.tlsCert = Objects.requireNonNull(certificate, "certificate");
      this.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Requires clients to present a certificate signed by a CA in this PEM file (mutual TLS).
     *
     * @param caFile the CA certificates
     * @return this builder
     */
    public Builder clientCa(Path caFile) {
      this.clientCa = Objects.requireNonNull(caFile, "caFile");
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} (or Basic with the token as password), the
     * token being this file's first line, compared in constant time.
     *
     * @param file the token file; keep it mode 0600
     * @return this builder
     */
    public Builder authTokenFile(Path file) {
      this.authTokenFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * At most this many upstream requests at once; more wait up to the queue timeout, then get 429.
     * Default 32.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxUpstream(int n) {
      this.maxUpstream = atLeastOne(n, "maxUpstream");
      return this;
    }

    /**
     * At most this many blob streams at once (default 16); more wait, then get 429.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxBlobStreams(int n) {
      this.maxBlobStreams = atLeastOne(n, "maxBlobStreams");
      return this;
    }

    /**
     * How long a request waits for a free upstream slot before 429; default 30 s.
     *
     * @param timeout the wait
     * @return this builder
     */
    public Builder queueTimeout(Duration timeout) {
      this.queueTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * How long {@link MirrorServer#close()} waits for requests in flight; default 30 s.
     *
     * @param timeout the wait
     * @return this builder
     */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Request headers larger than this are refused (431); default 8 KiB.
     *
     * @param bytes at least 1024
     * @return this builder
     */
    public Builder maxRequestHeaderBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxRequestHeaderBytes must be at least 1024");
      }
      this.maxRequestHeaderBytes = bytes;
      return this;
    }

    /**
     * What {@code /readyz} asks, e.g. whether a registry token was obtained; default always ready.
     *
     * @param ready the check
     * @return this builder
     */
    public Builder readiness(BooleanSupplier ready) {
      this.ready = Objects.requireNonNull(ready, "ready");
      return this;
    }

    private static int atLeastOne(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be at least 1; got " + n);
      }
      return n;
    }

    /**
     * Checks the settings and starts listening.
     *
     * @return the running mirror; close it
     * @throws IllegalStateException when no client is set, or a non-loopback address lacks TLS or
     *     client authentication (the message names what to add)
     * @throws java.io.UncheckedIOException when the port cannot be bound or a TLS file not read
     */
    public MirrorServer start() {
      if (client == null) {
        throw new IllegalStateException("a RegistryClient is required: builder().client(client)");
      }
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalStateException(
            "TLS needs both a certificate and a key (--tls-cert and --tls-key)");
      }
      refuseOpenListener();
      Set<String> served = new LinkedHashSet<>(names);
      if (served.isEmpty()) {
        served.add(client.registryHost().toString());
      }
      Set<String> hosts = new LinkedHashSet<>(allowedHosts);
      hosts.add(HostGuard.normalize(listenHost));
      hosts.addAll(Set.of("localhost", "127.0.0.1", "::1"));
      Settings settings =
          new Settings(
              client,
              Set.copyOf(served),
              listenHost,
              port,
              blobs,
              tagTtl,
              manifestCacheBytes,
              Set.copyOf(hosts),
              tlsCert,
              tlsKey,
              clientCa,
              authTokenFile,
              maxUpstream,
              maxBlobStreams,
              queueTimeout,
              drainTimeout,
              maxRequestHeaderBytes,
              ready);
      MirrorMetrics metrics = new MirrorMetrics();
      Server server = Wiring.server(settings, metrics);
      return new MirrorServer(server, settings, metrics);
    }

    /** A listener others can reach must both encrypt and know who is asking (issue 20). */
    private void refuseOpenListener() {
      if (isLoopback(listenHost)) {
        return;
      }
      StringBuilder missing = new StringBuilder();
      if (tlsCert == null) {
        missing.append(" TLS (--tls-cert and --tls-key)");
      }
      if (clientCa == null && authTokenFile == null) {
        missing
            .append(missing.length() > 0 ? " and" : "")
            .append(" client authentication (--client-ca for mutual TLS, or --auth-token-file)");
      }
      if (missing.length() > 0) {
        throw new IllegalStateException(
            "refusing to listen on "
                + listenHost
                + ", which is not loopback, without"
                + missing
                + "; or listen on 127.0.0.1");
      }
    }

    private static boolean isLoopback(String host) {
      try {
        for (InetAddress a : InetAddress.getAllByName(host)) {
          if (!a.isLoopbackAddress()) {
            return false;
          }
        }
        return true;
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("cannot resolve the listen address " + host, e);
      }
    }
  }
}
