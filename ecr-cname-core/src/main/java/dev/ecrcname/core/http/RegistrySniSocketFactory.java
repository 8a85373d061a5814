package dev.ecrcname.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends the real registry host, not the CNAME, as the TLS server name (SNI) on connections to the CNAME, as {@code curl
 * --connect-to} would: the server then picks the certificate and virtual host it would pick for ECR's own name. Other
 * hosts (S3) get their own name. Verification is untouched: the chain by the trust manager, the name by {@link
 * RegistryHostnameVerifier}.
 */
public final class RegistrySniSocketFactory extends SSLSocketFactory {
  private final SSLSocketFactory delegate;
  private final String cnameHost;
  private final String registryHost;

  public RegistrySniSocketFactory(SSLSocketFactory delegate, String cnameHost, String registryHost) {
    this.delegate = delegate;
    this.cnameHost = cnameHost;
    this.registryHost = registryHost;
  }

  /** OkHttp layers TLS over its own connected socket through this method, naming the URL's host. */
  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
    return delegate.createSocket(socket, serverName(host), port, autoClose);
  }

  @Override
  public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
    return delegate.createSocket(socket, consumed, autoClose);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return delegate.createSocket(host, port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return delegate.createSocket(host, port, localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return delegate.createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return delegate.createSocket(address, port, localAddress, localPort);
  }

  @Override
  public Socket createSocket() throws IOException {
    return delegate.createSocket();
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  private String serverName(String host) {
    return host.equalsIgnoreCase(cnameHost) ? registryHost : host;
  }
}
