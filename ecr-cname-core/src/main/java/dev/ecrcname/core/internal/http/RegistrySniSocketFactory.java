package dev.ecrcname.core.internal.http;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends the real registry host, not the CNAME, as the TLS server name (SNI) on connections to the
 * CNAME, as {@code curl --connect-to} would: the server then picks the certificate and virtual host
 * it would pick for ECR's own name. Other hosts (S3) get their own name.
 *
 * <p>Every socket also gets the JDK's HTTPS endpoint identification, so the handshake itself fails
 * unless the certificate names that same host (RFC 2818, checked by the JDK's trust manager);
 * {@link RegistryHostnameVerifier} then confirms that the name checked was the one expected for the
 * host dialled.
 */
final class RegistrySniSocketFactory extends DelegatingSslSocketFactory {
  private final RegistryEndpoint endpoint;

  RegistrySniSocketFactory(SSLSocketFactory delegate, RegistryEndpoint endpoint) {
    super(delegate);
    this.endpoint = endpoint;
  }

  /** OkHttp layers TLS over its own connected socket through this method, naming the URL's host. */
  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    Socket tls = delegate.createSocket(socket, endpoint.tlsName(host), port, autoClose);
    if (tls instanceof SSLSocket ssl) {
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
    }
    return tls;
  }
}
