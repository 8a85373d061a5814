package dev.ecrcname.core.internal.http;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.HostResolver;
import dev.ecrcname.core.ProxyCredentials;
import java.net.ProxySelector;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the CNAME mechanics into one OkHttp client per registry client, each into the hook OkHttp
 * has for it.
 */
public final class HttpClients {
  private static final Logger LOG = LoggerFactory.getLogger(HttpClients.class);

  private HttpClients() {}

  /**
   * The settings of one client's connections.
   *
   * @param callTimeout the deadline of a whole call that is not a blob transfer
   * @param minimumBytesPerSecond below this rate, averaged over a read timeout, a blob transfer
   *     ends as a timeout and resumes
   * @param proxy chooses the proxy per URL, or null for the JVM's default selector
   * @param proxyCredentials Basic credentials for the proxy, or null
   * @param userAgent the whole User-Agent value ({@link UserAgent#of})
   */
  public record Settings(
      HostResolver resolver,
      List<X509Certificate> trustedCertificates,
      Duration connectTimeout,
      Duration readTimeout,
      Duration callTimeout,
      long minimumBytesPerSecond,
      @Nullable ProxySelector proxy,
      @Nullable ProxyCredentials proxyCredentials,
      String userAgent) {
    public Settings {
      trustedCertificates = List.copyOf(trustedCertificates);
    }
  }

  /**
   * The endpoint as a URL: a scheme, a host and maybe a port, nothing else. Plain http is refused
   * unless {@code allowInsecureHttp}: ECR's Basic token would travel in clear text.
   */
  public static HttpUrl endpointUrl(URI endpoint, boolean allowInsecureHttp) {
    HttpUrl url = HttpUrl.parse(endpoint.toString());
    if (url == null) {
      throw new IllegalArgumentException(
          "endpoint must be an http(s) URL, e.g. https://docker-ecr.internal.example; got "
              + endpoint.getScheme());
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      // The URL ends up in logs and messages; credentials belong in the credentials provider.
      throw new IllegalArgumentException(
          "endpoint must not carry credentials (user:password@); pass them as credentials instead");
    }
    if (!url.encodedPath().equals("/") || url.query() != null) {
      throw new IllegalArgumentException(
          "endpoint must be a scheme and host (and port) only, e.g. https://docker-ecr.internal.example; got "
              + url);
    }
    if (!url.isHttps()) {
      if (!allowInsecureHttp) {
        throw new IllegalArgumentException(
            "endpoint "
                + url
                + " is plain http: credentials and images would travel unencrypted; use https, or"
                + " opt in explicitly (RegistryClientBuilder.allowInsecureHttp(), or the CLI's"
                + " --insecure-plain-http)");
      }
      LOG.warn("endpoint {} is plain http: credentials and images travel unencrypted", url);
    }
    return url;
  }

  public static OkHttpClient create(
      RegistryEndpoint endpoint, CredentialsProvider credentials, Settings settings) {
    HandshakeCertificates trust = trust(settings.trustedCertificates());
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    ProxySelector proxy = settings.proxy();
    if (proxy != null) {
      builder.proxySelector(proxy);
    }
    return builder
        .dns(settings.resolver()::resolve)
        // Redirects are followed by RedirectPolicy, which knows S3 must not see our credentials.
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new CredentialsInterceptor(endpoint, credentials))
        .addNetworkInterceptor(new HostRewriteInterceptor(endpoint))
        .addNetworkInterceptor(new UserAgentInterceptor(settings.userAgent()))
        // Through a proxy OkHttp tunnels with CONNECT; TLS (SNI, certificate, name) still runs end
        // to
        // end over the tunnel with the socket factory and verifier below.
        .proxyAuthenticator(
            new ProxyAuthenticator(settings.proxyCredentials(), settings.userAgent()))
        .hostnameVerifier(new RegistryHostnameVerifier(endpoint))
        .sslSocketFactory(
            new RegistrySniSocketFactory(trust.sslSocketFactory(), endpoint), trust.trustManager())
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .build();
  }

  /** The system's trusted CAs plus the caller's. */
  private static HandshakeCertificates trust(List<X509Certificate> extra) {
    HandshakeCertificates.Builder trust =
        new HandshakeCertificates.Builder().addPlatformTrustedCertificates();
    extra.forEach(trust::addTrustedCertificate);
    return trust.build();
  }
}
