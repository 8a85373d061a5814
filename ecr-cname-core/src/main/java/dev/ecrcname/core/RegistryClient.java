package dev.ecrcname.core;

import dev.ecrcname.core.blob.BlobCache;
import dev.ecrcname.core.blob.BlobDownloader;
import dev.ecrcname.core.blob.LayerCompressor;
import dev.ecrcname.core.http.RegistryEndpoint;
import dev.ecrcname.core.http.RegistryTransport;
import dev.ecrcname.core.http.RetryPolicy;
import dev.ecrcname.core.manifest.ParsedManifest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A client for one registry reached through a CNAME: it dials the endpoint, sends the real registry host in the Host
 * header, checks the TLS certificate against that host, and follows blob redirects without leaking credentials.
 *
 * <pre>{@code
 * try (RegistryClient client = RegistryClient.builder()
 *         .endpoint(URI.create("https://docker-ecr.internal.example"))
 *         .registryHost("123456789012.dkr.ecr.us-east-1.amazonaws.com")
 *         .credentials(CredentialsProvider.basic("AWS", password))
 *         .build()) {
 *     PulledImage image = client.pull("app/small", "1.0");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Close it to release its connections and threads.
 */
public final class RegistryClient implements AutoCloseable {
  private final RegistryTransport transport;
  private final OkHttpClient http;
  private final ExecutorService layerPool;
  private final ImagePuller puller;
  private final TagLister tags;
  private final ManifestFetcher manifests;
  private final ImagePusher pusher;
  private final Platform platform;
  private final TransferListener listener;

  private RegistryClient(Builder b, RegistryEndpoint endpoint, OkHttpClient http) {
    this.http = http;
    this.transport =
        new RegistryTransport(http, endpoint, b.credentials, b.credentials == CredentialsProvider.anonymous(), b.retry);
    this.layerPool = Executors.newFixedThreadPool(b.parallelism, daemonThreads());
    this.manifests = new ManifestFetcher(transport);
    BlobCache cache = new BlobCache(b.cacheDirectory);
    BlobDownloader blobs = new BlobDownloader(transport, cache);
    this.pusher = new ImagePusher(transport, new LayerCompressor(cache), layerPool);
    this.puller = new ImagePuller(endpoint.registryHost(), manifests, blobs, layerPool, b.warmUpCrypto);
    this.tags = new TagLister(transport);
    this.platform = b.platform;
    this.listener = b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The real registry host requests are addressed to. */
  public String registryHost() {
    return transport.endpoint().registryHost();
  }

  /** Pulls {@code repository} at a tag or {@code sha256:} digest, for the client's platform. */
  public PulledImage pull(String repository, String reference) {
    return pull(repository, reference, platform);
  }

  public PulledImage pull(String repository, String reference, Platform platform) {
    return pull(repository, reference, platform, listener);
  }

  public PulledImage pull(String repository, String reference, Platform platform, TransferListener listener) {
    return puller.pull(
        References.repository(repository), References.reference(reference), platform, listener);
  }

  /**
   * Pushes an image (e.g. {@code DockerArchive.read(path)}) as {@code repository:tag}, Docker v2s2 by default. Blobs
   * the registry has are skipped; the manifest goes last.
   */
  public PushResult push(String repository, String tag, ImageSource source) {
    return push(repository, tag, source, PushOptions.builder().listener(listener).build());
  }

  public PushResult push(String repository, String tag, ImageSource source, PushOptions options) {
    if (Digest.isDigest(tag)) {
      throw new IllegalArgumentException("push needs a tag, not a digest: " + tag);
    }
    return pusher.push(References.repository(repository), References.reference(tag), source, options);
  }

  /** Every tag of {@code repository}, across all pages. */
  public List<String> listTags(String repository) {
    return tags.list(References.repository(repository));
  }

  /** The manifest or index a reference names, exactly as served and verified. */
  public FetchedManifest manifest(String repository, String reference) {
    return manifests.fetch(References.repository(repository), References.reference(reference)).raw();
  }

  /** The config bytes of the image a reference names for {@code platform}, exactly as served and verified. */
  public byte[] config(String repository, String reference, Platform platform) {
    String repo = References.repository(repository);
    ManifestFetcher.Fetched image = puller.resolve(repo, References.reference(reference), platform);
    var parsed = (ParsedManifest.Image) image.parsed();
    return puller.config(repo, parsed.config(), TransferListener.NONE);
  }

  @Override
  public void close() {
    layerPool.shutdownNow();
    try {
      // Give interrupted transfers a moment to delete their temp files before the caller moves on.
      layerPool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "RegistryClient[" + transport.endpoint().cname() + " as " + registryHost() + "]";
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "ecr-cname-layer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds a {@link RegistryClient}. Only {@link #endpoint} is required. */
  public static final class Builder {
    private @Nullable URI endpoint;
    private @Nullable String registryHost;
    private CredentialsProvider credentials = CredentialsProvider.anonymous();
    private final List<Path> trustedCertificates = new ArrayList<>();
    private HostResolver resolver = HostResolver.system();
    private Path cacheDirectory = BlobCache.defaultDirectory();
    private int parallelism = 4;
    private Platform platform = Platform.current();
    private TransferListener listener = TransferListener.NONE;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofSeconds(60);
    private boolean warmUpCrypto;

    private Builder() {}

    /** The URL the client dials: your CNAME, e.g. {@code https://docker-ecr.internal.example}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * The real ECR host, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}. Optional when the credentials
     * provider knows it (an ECR token names it); otherwise the endpoint's own host is used.
     */
    public Builder registryHost(String registryHost) {
      this.registryHost = Objects.requireNonNull(registryHost, "registryHost");
      return this;
    }

    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** A PEM file of CA certificates to trust in addition to the system's. May be called more than once. */
    public Builder trustedCertificates(Path pemFile) {
      trustedCertificates.add(Objects.requireNonNull(pemFile, "pemFile"));
      return this;
    }

    /** Overrides name resolution, e.g. for split-horizon DNS or a local stand-in. */
    public Builder resolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Where verified layers are kept between pulls; defaults to the user's cache directory. */
    public Builder cacheDirectory(Path cacheDirectory) {
      this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
      return this;
    }

    /** How many layers move at once; default 4. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1 || parallelism > 64) {
        throw new IllegalArgumentException("parallelism must be between 1 and 64, got " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** The platform to pick from multi-platform images; default linux and this JVM's architecture. */
    public Builder platform(Platform platform) {
      this.platform = Objects.requireNonNull(platform, "platform");
      return this;
    }

    public Builder transferListener(TransferListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Total tries per request for transient failures (I/O, 429, 5xx); default 5. */
    public Builder maxAttempts(int maxAttempts) {
      this.retry = new RetryPolicy(maxAttempts, retry.initialBackoff(), retry.maxBackoff());
      return this;
    }

    /** The first backoff between tries; later ones double, with jitter. Default 200 ms. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.retry = new RetryPolicy(retry.maxAttempts(), initialBackoff, retry.maxBackoff());
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The longest silence while reading; a stalled blob is retried from where it stopped. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Starts, with the first pull in this JVM, a background warm-up of AES-GCM and SHA-256 (at most 3 s of one core),
     * so that a freshly started JVM decrypts and hashes layers with the CPU's instructions sooner. Worth it for a
     * command-line tool (a cold 900 MB pull measured about 0.7 s faster, docs/benchmarks.md); a long-running application warms up
     * by itself and should leave it off, the default.
     */
    public Builder warmUpCrypto(boolean warmUpCrypto) {
      this.warmUpCrypto = warmUpCrypto;
      return this;
    }

    public RegistryClient build() {
      if (endpoint == null) {
        throw new IllegalStateException("endpoint is required, e.g. https://docker-ecr.internal.example");
      }
      HttpUrl cname = HttpClients.endpointUrl(endpoint);
      String host = registryHost != null ? registryHost : credentials.registryHost().orElse(cname.host());
      RegistryEndpoint registry = new RegistryEndpoint(cname, host);
      OkHttpClient http =
          HttpClients.create(registry, resolver, trustedCertificates, connectTimeout, readTimeout);
      return new RegistryClient(this, registry, http);
    }
  }
}
