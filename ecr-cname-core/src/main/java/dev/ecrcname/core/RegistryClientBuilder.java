package dev.ecrcname.core;

import dev.ecrcname.core.internal.http.HttpClients;
import dev.ecrcname.core.internal.http.RetryPolicy;
import dev.ecrcname.core.internal.http.UserAgent;
import dev.ecrcname.core.internal.image.ImageService;
import dev.ecrcname.core.internal.tls.PemCertificates;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link RegistryClient} ({@link RegistryClient#builder()}, or {@link
 * RegistryClient#toBuilder()} for a copy of a client's settings). Only {@link #endpoint} is
 * required. Transport settings are one value, {@link TransportSettings}.
 */
public final class RegistryClientBuilder {
  private @Nullable URI endpoint;
  private @Nullable RegistryHost registryHost;
  private CredentialsProvider credentials = CredentialsProvider.anonymous();
  private final List<X509Certificate> trustedCertificates = new ArrayList<>();
  private HostResolver resolver = HostResolver.system();
  private @Nullable Path cacheDirectory;
  private Platform platform = Platform.current();
  private TransferListener listener = TransferListener.NONE;
  private TransportSettings transport = TransportSettings.defaults();
  private @Nullable ProxySelector proxy;
  private @Nullable ProxyCredentials proxyCredentials;
  private @Nullable String userAgent;
  private boolean allowInsecureHttp;
  private boolean followForeignUrls;

  RegistryClientBuilder() {}

  /** A copy of {@code other}, for {@link RegistryClient#toBuilder()}. */
  RegistryClientBuilder(RegistryClientBuilder other) {
    this.endpoint = other.endpoint;
    this.registryHost = other.registryHost;
    this.credentials = other.credentials;
    this.trustedCertificates.addAll(other.trustedCertificates);
    this.resolver = other.resolver;
    this.cacheDirectory = other.cacheDirectory;
    this.platform = other.platform;
    this.listener = other.listener;
    this.transport = other.transport;
    this.proxy = other.proxy;
    this.proxyCredentials = other.proxyCredentials;
    this.userAgent = other.userAgent;
    this.allowInsecureHttp = other.allowInsecureHttp;
    this.followForeignUrls = other.followForeignUrls;
  }

  /**
   * The URL the client dials: your CNAME, e.g. {@code https://docker-ecr.internal.example}.
   *
   * @param endpoint a scheme and host (and port) only
   * @return this builder
   */
  public RegistryClientBuilder endpoint(URI endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    return this;
  }

  /**
   * The real ECR host, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}: the host the Host
   * header, SNI and certificate check name, and the one image references may name. It is resolved
   * once, by {@link #build()}, in this order: the host given here; else the one the credentials
   * provider names ({@link CredentialsProvider#registryHost()}: an ECR token's {@code
   * proxyEndpoint}, which makes {@code build()} fetch a token); else the endpoint's own host.
   *
   * @param registryHost the registry host
   * @return this builder
   */
  public RegistryClientBuilder registryHost(RegistryHost registryHost) {
    this.registryHost = Objects.requireNonNull(registryHost, "registryHost");
    return this;
  }

  /**
   * As {@link #registryHost(RegistryHost)}, parsed by {@link RegistryHost#parse}.
   *
   * @param registryHost e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}
   * @return this builder
   * @throws IllegalArgumentException when it is no {@code host[:port]}
   */
  public RegistryClientBuilder registryHost(String registryHost) {
    return registryHost(RegistryHost.parse(Objects.requireNonNull(registryHost, "registryHost")));
  }

  /**
   * The registry credentials; default anonymous. The client never closes the provider.
   *
   * @param credentials e.g. an {@code EcrCredentialsProvider} or {@link CredentialsProvider#basic}
   * @return this builder
   */
  public RegistryClientBuilder credentials(CredentialsProvider credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    return this;
  }

  /**
   * A PEM file of CA certificates to trust in addition to the system's. May be called more than
   * once. The file is read now.
   *
   * @param pemFile the CA certificates
   * @return this builder
   * @throws IllegalArgumentException when the file cannot be read or holds no certificate
   */
  public RegistryClientBuilder trustedCertificates(Path pemFile) {
    trustedCertificates.addAll(PemCertificates.read(Objects.requireNonNull(pemFile, "pemFile")));
    return this;
  }

  /**
   * Overrides name resolution, e.g. for split-horizon DNS or a local stand-in.
   *
   * @param resolver resolves the CNAME, the S3 hosts and the proxy
   * @return this builder
   */
  public RegistryClientBuilder resolver(HostResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    return this;
  }

  /**
   * Where verified layers are kept between pulls; default {@code $XDG_CACHE_HOME/ecr-cname} or
   * {@code ~/.cache/ecr-cname}.
   *
   * @param cacheDirectory the layer cache
   * @return this builder
   */
  public RegistryClientBuilder cacheDirectory(Path cacheDirectory) {
    this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    return this;
  }

  /**
   * The platform to pick from multi-platform images; default linux and this JVM's architecture.
   *
   * @param platform e.g. {@code Platform.parse("linux/arm64")}
   * @return this builder
   */
  public RegistryClientBuilder platform(Platform platform) {
    this.platform = Objects.requireNonNull(platform, "platform");
    return this;
  }

  /**
   * The default progress listener of pulls and pushes; default none.
   *
   * @param listener called from the transfer threads
   * @return this builder
   */
  public RegistryClientBuilder transferListener(TransferListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Timeouts, retries, the minimum transfer rate and parallelism, as one value; default {@link
   * TransportSettings#defaults()}.
   *
   * @param transport the settings
   * @return this builder
   */
  public RegistryClientBuilder transport(TransportSettings transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return this;
  }

  /**
   * Changes some transport settings, keeping the others: {@code transport(t ->
   * t.withReadTimeout(Duration.ofMinutes(2)).withParallelism(8))}.
   *
   * @param change from the current settings to the new ones
   * @return this builder
   */
  public RegistryClientBuilder transport(UnaryOperator<TransportSettings> change) {
    return transport(change.apply(transport));
  }

  /**
   * Sends every hop (the CNAME and the blob redirects) through the proxy this selector picks for
   * its URL, e.g. {@code ProxySelector.of(new InetSocketAddress("proxy.example", 3128))}. HTTPS
   * goes through a CONNECT tunnel, so TLS still names and verifies the registry host end to end;
   * the proxy sees only the host names. Default: the JVM's {@link ProxySelector#getDefault()} (the
   * {@code https.proxyHost} system properties).
   *
   * @param proxy the selector; return {@link java.net.Proxy#NO_PROXY} for hosts to reach directly
   * @return this builder
   */
  public RegistryClientBuilder proxy(ProxySelector proxy) {
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    return this;
  }

  /**
   * Allows a plain {@code http://} endpoint. Without it such an endpoint is refused: the registry's
   * Basic credentials (an ECR token valid for 12 hours) would travel in clear text. For local test
   * registries only; a warning is logged for every client built this way.
   *
   * @return this builder
   */
  public RegistryClientBuilder allowInsecureHttp() {
    this.allowInsecureHttp = true;
    return this;
  }

  /**
   * Basic credentials for a proxy that answers {@code 407}; sent with each CONNECT.
   *
   * @param credentials the proxy user and password
   * @return this builder
   */
  public RegistryClientBuilder proxyCredentials(ProxyCredentials credentials) {
    this.proxyCredentials = Objects.requireNonNull(credentials, "credentials");
    return this;
  }

  /**
   * Your product token, put in front of ecr-cname's own in the User-Agent header, as the AWS SDK
   * does: {@code myproduct/1.2 ecr-cname/0.1.0 (Java 17.0.15; Linux/amd64)}.
   *
   * @param product e.g. {@code myproduct/1.2}; printable ASCII
   * @return this builder
   * @throws IllegalArgumentException when it is blank or not printable ASCII
   */
  public RegistryClientBuilder userAgent(String product) {
    this.userAgent = UserAgent.checkProduct(Objects.requireNonNull(product, "product"));
    return this;
  }

  /**
   * Whether foreign (non-distributable) layers are first fetched from the https {@code urls} their
   * manifest names, one short try each, before the registry; default off, as in containerd, since
   * those URLs are the manifest author's choice. Credentials are never sent there.
   *
   * @param follow whether to try the {@code urls} first
   * @return this builder
   */
  public RegistryClientBuilder foreignLayerUrls(boolean follow) {
    this.followForeignUrls = follow;
    return this;
  }

  /**
   * Builds the client.
   *
   * @return a new client; close it
   * @throws IllegalStateException when no endpoint is set
   * @throws IllegalArgumentException when the endpoint is not a plain http(s) URL
   */
  public RegistryClient build() {
    if (endpoint == null) {
      throw new IllegalStateException(
          "endpoint is required, e.g. https://docker-ecr.internal.example");
    }
    var http =
        new HttpClients.Settings(
            resolver,
            trustedCertificates,
            transport.connectTimeout(),
            transport.readTimeout(),
            transport.callTimeout(),
            transport.minimumTransferRate(),
            proxy,
            proxyCredentials,
            UserAgent.of(userAgent));
    var retry =
        new RetryPolicy(
            transport.maxAttempts(), transport.initialBackoff(), RetryPolicy.DEFAULT.maxBackoff());
    var settings =
        new ImageService.Settings(
            endpoint,
            registryHost,
            credentials,
            http,
            cacheDirectory,
            transport.parallelism(),
            retry,
            allowInsecureHttp,
            followForeignUrls);
    return new RegistryClient(
        new ImageService(settings), platform, listener, new RegistryClientBuilder(this));
  }
}
