package dev.ecrcname.auth;

import dev.ecrcname.core.ProxyCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

/**
 * Opens the AWS SDK's HttpURLConnections through the proxy a {@link ProxySelector} picks for each
 * URL, so that the token call takes the same route as the registry's hops (the SDK's own {@code
 * ProxyConfiguration} takes one fixed proxy, not a selector). Proxy credentials are answered to a
 * {@code 407} through a per-connection {@link Authenticator}; the JDK refuses Basic for HTTPS
 * tunnels unless {@code jdk.http.auth.tunneling.disabledSchemes} is set to empty before the first
 * connection (the CLI does so when the proxy URL has credentials).
 */
final class ProxiedConnections implements UrlConnectionFactory {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final ProxySelector selector;
  private final @Nullable Authenticator authenticator;
  private final @Nullable SSLSocketFactory tls;

  /**
   * @param trusted CA certificates to trust besides the system's (the SDK's own trust setting does
   *     not reach connections made by a factory), or empty
   */
  ProxiedConnections(
      ProxySelector selector,
      @Nullable ProxyCredentials credentials,
      List<X509Certificate> trusted) {
    this.selector = selector;
    this.authenticator = credentials == null ? null : new ProxyOnly(credentials);
    this.tls = trusted.isEmpty() ? null : socketFactory(trusted);
  }

  private static SSLSocketFactory socketFactory(List<X509Certificate> trusted) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, ExtraTrust.of(trusted), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }

  @Override
  public HttpURLConnection createConnection(URI uri) {
    List<Proxy> proxies = selector.select(uri);
    Proxy proxy = proxies == null || proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxy);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
      if (authenticator != null) {
        connection.setAuthenticator(authenticator);
      }
      if (tls != null && connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(tls);
      }
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a connection to " + uri.getHost(), e);
    }
  }

  /** Answers proxies only, never the server. */
  private static final class ProxyOnly extends Authenticator {
    private final ProxyCredentials credentials;

    ProxyOnly(ProxyCredentials credentials) {
      this.credentials = credentials;
    }

    @Override
    protected @Nullable PasswordAuthentication getPasswordAuthentication() {
      if (getRequestorType() != RequestorType.PROXY) {
        return null;
      }
      return new PasswordAuthentication(
          credentials.username(), credentials.password().toCharArray());
    }
  }
}
