package dev.ecrcname.core;

import dev.ecrcname.core.internal.http.HttpClients;
import dev.ecrcname.core.internal.http.RetryPolicy;
import dev.ecrcname.core.internal.image.ImageService;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client for one registry reached through a CNAME: it dials the endpoint, sends the real registry
 * host in the Host header, checks the TLS certificate against that host, and follows blob redirects
 * without leaking credentials.
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
  private final ImageService service;
  private final Platform platform;
  private final TransferListener listener;

  private RegistryClient(ImageService service, Platform platform, TransferListener listener) {
    this.service = service;
    this.platform = platform;
    this.listener = listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The real registry host requests are addressed to. */
  public String registryHost() {
    return service.registryHost();
  }

  /** Pulls {@code repository} at a tag or {@code sha256:} digest, for the client's platform. */
  public PulledImage pull(String repository, String reference) {
    return pull(repository, reference, platform);
  }

  public PulledImage pull(String repository, String reference, Platform platform) {
    return pull(repository, reference, platform, listener);
  }

  public PulledImage pull(
      String repository, String reference, Platform platform, TransferListener listener) {
    return pull(ImageReference.of(repository, reference), platform, listener);
  }

  /**
   * Pulls the image {@code image} names (its registry host, if any, is not used: the client has one
   * registry).
   */
  public PulledImage pull(ImageReference image) {
    return pull(image, platform, listener);
  }

  public PulledImage pull(ImageReference image, Platform platform, TransferListener listener) {
    return service.pull(image, platform, listener);
  }

  /**
   * Pushes an image (e.g. {@code DockerArchive.read(path)}) as {@code repository:tag}, Docker v2s2
   * by default. Blobs the registry has are skipped; the manifest goes last.
   */
  public PushResult push(String repository, String tag, ImageSource source) {
    return push(repository, tag, source, PushOptions.builder().listener(listener).build());
  }

  public PushResult push(String repository, String tag, ImageSource source, PushOptions options) {
    if (Digest.isDigest(tag)) {
      throw new IllegalArgumentException("push needs a tag, not a digest: " + tag);
    }
    return push(ImageReference.of(repository, tag), source, options);
  }

  /** Pushes under {@code target}'s tag. */
  public PushResult push(ImageReference target, ImageSource source, PushOptions options) {
    if (target.tag() == null || target.byDigest()) {
      throw new IllegalArgumentException(
          "push needs a tag and no digest, e.g. app/small:1.0; got " + target);
    }
    return service.push(target, source, options);
  }

  /** Every tag of {@code repository}, across all pages. */
  public List<String> listTags(String repository) {
    return service.listTags(ImageReference.requireRepository(repository));
  }

  /** The manifest or index a reference names, exactly as served and verified. */
  public FetchedManifest manifest(String repository, String reference) {
    return manifest(ImageReference.of(repository, reference));
  }

  public FetchedManifest manifest(ImageReference image) {
    return service.manifest(image);
  }

  /**
   * The config bytes of the image a reference names for {@code platform}, exactly as served and
   * verified.
   */
  public byte[] config(String repository, String reference, Platform platform) {
    return config(ImageReference.of(repository, reference), platform);
  }

  public byte[] config(ImageReference image, Platform platform) {
    return service.config(image, platform);
  }

  /**
   * Cancels running transfers, releases connections and threads. Interrupted transfers leave no
   * partial file. The credentials provider is the caller's and stays open.
   */
  @Override
  public void close() {
    service.close();
  }

  @Override
  public String toString() {
    return "RegistryClient[" + service.cname() + " as " + registryHost() + "]";
  }

  /** Builds a {@link RegistryClient}. Only {@link #endpoint} is required. */
  public static final class Builder {
    private @Nullable URI endpoint;
    private @Nullable String registryHost;
    private CredentialsProvider credentials = CredentialsProvider.anonymous();
    private final List<X509Certificate> trustedCertificates = new ArrayList<>();
    private HostResolver resolver = HostResolver.system();
    private @Nullable Path cacheDirectory;
    private int parallelism = 4;
    private Platform platform = Platform.current();
    private TransferListener listener = TransferListener.NONE;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofSeconds(60);
    private boolean allowInsecureHttp;
    private boolean followForeignUrls;
    private Duration callTimeout = Duration.ofMinutes(2);
    private long minimumTransferRate = 1024;

    private Builder() {}

    /** The URL the client dials: your CNAME, e.g. {@code https://docker-ecr.internal.example}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * The real ECR host, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}. Optional when
     * the credentials provider knows it (an ECR token names it); otherwise the endpoint's own host
     * is used.
     */
    public Builder registryHost(String registryHost) {
      this.registryHost = Objects.requireNonNull(registryHost, "registryHost");
      return this;
    }

    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * A PEM file of CA certificates to trust in addition to the system's. May be called more than
     * once. The file is read now.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public Builder trustedCertificates(Path pemFile) {
      trustedCertificates.addAll(
          HttpClients.readCertificates(Objects.requireNonNull(pemFile, "pemFile")));
      return this;
    }

    /** Overrides name resolution, e.g. for split-horizon DNS or a local stand-in. */
    public Builder resolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Where verified layers are kept between pulls; default {@code $XDG_CACHE_HOME/ecr-cname} or
     * {@code ~/.cache/ecr-cname}.
     */
    public Builder cacheDirectory(Path cacheDirectory) {
      this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
      return this;
    }

    /** How many layers move at once; default 4. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1 || parallelism > 64) {
        throw new IllegalArgumentException(
            "parallelism must be between 1 and 64, got " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * The platform to pick from multi-platform images; default linux and this JVM's architecture.
     */
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
     * Allows a plain {@code http://} endpoint. Without it such an endpoint is refused: the
     * registry's Basic credentials (an ECR token valid for 12 hours) would travel in clear text.
     * For local test registries only; a warning is logged for every client built this way.
     */
    public Builder allowInsecureHttp() {
      this.allowInsecureHttp = true;
      return this;
    }

    /**
     * The deadline of every request that is not a blob transfer (manifests, tags, HEADs, upload
     * steps), body included; default 2 minutes. A server trickling bytes cannot hold a call past
     * it.
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The slowest a blob download may be, in bytes per second averaged over each read-timeout
     * window; default 1024. A slower blob is ended as a timeout and resumed with {@code Range}.
     */
    public Builder minimumTransferRate(long bytesPerSecond) {
      if (bytesPerSecond < 1) {
        throw new IllegalArgumentException(
            "minimumTransferRate must be at least 1 byte/s, got " + bytesPerSecond);
      }
      this.minimumTransferRate = bytesPerSecond;
      return this;
    }

    /**
     * Whether foreign (non-distributable) layers are first fetched from the https {@code urls}
     * their manifest names, one short try each, before the registry; default off, as in containerd,
     * since those URLs are the manifest author's choice. Credentials are never sent there.
     */
    public Builder foreignLayerUrls(boolean follow) {
      this.followForeignUrls = follow;
      return this;
    }

    public RegistryClient build() {
      if (endpoint == null) {
        throw new IllegalStateException(
            "endpoint is required, e.g. https://docker-ecr.internal.example");
      }
      var http =
          new HttpClients.Settings(
              resolver,
              trustedCertificates,
              connectTimeout,
              readTimeout,
              callTimeout,
              minimumTransferRate);
      var settings =
          new ImageService.Settings(
              endpoint,
              registryHost,
              credentials,
              http,
              cacheDirectory,
              parallelism,
              retry,
              allowInsecureHttp,
              followForeignUrls);
      return new RegistryClient(new ImageService(settings), platform, listener);
    }
  }
}
