package dev.ecrcname.core.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} that hands every call to another one, so that a subclass overrides
 * only the call it changes: OkHttp layers TLS over its own connected socket through {@link
 * #createSocket(Socket, String, int, boolean)}, the one that names the server. The other overloads
 * are the JDK's abstract methods, passed on as they are.
 */
public abstract class DelegatingSslSocketFactory extends SSLSocketFactory {
  /** The factory every call goes to. */
  protected final SSLSocketFactory delegate;

  protected DelegatingSslSocketFactory(SSLSocketFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return delegate.createSocket(socket, host, port, autoClose);
  }

  @Override
  public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose)
      throws IOException {
    return delegate.createSocket(socket, consumed, autoClose);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return delegate.createSocket(host, port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
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
}
