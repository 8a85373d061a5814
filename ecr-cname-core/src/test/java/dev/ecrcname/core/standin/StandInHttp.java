package dev.ecrcname.core.standin;

import dev.ecrcname.core.internal.http.DelegatingSslSocketFactory;
import dev.ecrcname.testing.StandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.Credentials;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;

/**
 * OkHttp clients for talking to the stand-in the way the SDK will: trusting only the test CA, with
 * the stand-in's names resolved to 127.0.0.1 by a {@link Dns} (no /etc/hosts needed). The CNAME
 * mechanics here are deliberately tiny and inline; the product's own live in core and are tested
 * there.
 */
final class StandInHttp {
  private final StandIn standIn;
  private final HandshakeCertificates trust;
  private final OkHttpClient plain;

  StandInHttp(StandIn standIn) {
    this.standIn = standIn;
    this.trust = new HandshakeCertificates.Builder().addTrustedCertificate(readCa()).build();
    this.plain =
        new OkHttpClient.Builder()
            .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
            .dns(this::lookup)
            .followRedirects(false)
            .build();
  }

  /** Verifies TLS against the URL's own host name, like any client; redirects are not followed. */
  OkHttpClient plain() {
    return plain;
  }

  /**
   * Dials whatever the URL names (the CNAME) but sends the registry host as SNI (the stand-in's
   * default server presents a certificate that names no ECR host) and verifies the certificate
   * against it; with {@code rewriteHost} it also sends the registry host in the Host header.
   */
  OkHttpClient viaCname(boolean rewriteHost) {
    OkHttpClient.Builder builder =
        plain
            .newBuilder()
            .sslSocketFactory(
                sniAs(trust.sslSocketFactory(), standIn.registryHost()), trust.trustManager())
            .hostnameVerifier(this::verifyAsRegistry);
    if (rewriteHost) {
      // A network interceptor runs after OkHttp has set Host from the URL, so this one wins on the
      // wire.
      builder.addNetworkInterceptor(
          chain ->
              chain.proceed(
                  chain
                      .request()
                      .newBuilder()
                      .header("Host", standIn.registryAuthority())
                      .build()));
    }
    return builder.build();
  }

  /**
   * {@link #viaCname} with Host rewritten and the stand-in's Basic credentials on every request.
   */
  OkHttpClient authenticated() {
    String authorization = Credentials.basic(standIn.username(), standIn.password());
    return viaCname(true)
        .newBuilder()
        .addInterceptor(
            chain ->
                chain.proceed(
                    chain.request().newBuilder().header("Authorization", authorization).build()))
        .build();
  }

  /**
   * The stand-in's certificate names {@code *.dkr.ecr.<region>.amazonaws.com}: one wildcard label,
   * as ECR's.
   */
  private boolean verifyAsRegistry(String hostname, SSLSession session) {
    String host = standIn.registryHost();
    String parent = host.substring(host.indexOf('.'));
    try {
      var names = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectAlternativeNames();
      return names != null
          && names.stream().anyMatch(n -> n.get(1).equals(host) || n.get(1).equals("*" + parent));
    } catch (javax.net.ssl.SSLPeerUnverifiedException
        | java.security.cert.CertificateParsingException e) {
      return false;
    }
  }

  /** The certificate the stand-in presents to a client that sends {@code sni} as server name. */
  X509Certificate certificateFor(String sni) throws IOException {
    try (SSLSocket socket =
        (SSLSocket) trust.sslSocketFactory().createSocket("127.0.0.1", standIn.port())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(sni)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** Sends {@code serverName} as SNI whatever host OkHttp dials, as {@code curl --connect-to}. */
  private static SSLSocketFactory sniAs(SSLSocketFactory sockets, String serverName) {
    return new DelegatingSslSocketFactory(sockets) {
      @Override
      public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
          throws IOException {
        return delegate.createSocket(socket, serverName, port, autoClose);
      }
    };
  }

  private List<InetAddress> lookup(String hostname) throws UnknownHostException {
    if (standIn.hostNames().contains(hostname)) {
      return List.of(InetAddress.getByAddress(hostname, new byte[] {127, 0, 0, 1}));
    }
    return Dns.SYSTEM.lookup(hostname);
  }

  private X509Certificate readCa() {
    try (InputStream in = Files.newInputStream(standIn.caFile())) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("unreadable stand-in CA " + standIn.caFile(), e);
    }
  }
}
