package dev.ecrcname.core.http;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import okhttp3.internal.tls.OkHostnameVerifier;

/**
 * ECR's certificate names only {@code *.dkr.ecr.<region>.amazonaws.com}, never the CNAME. On connections to the CNAME
 * the certificate is checked as usual, but against the real registry host; every other host (S3) is checked against
 * its own name. The chain itself is always verified by the trust manager; nothing here accepts an unverified peer.
 */
public final class RegistryHostnameVerifier implements HostnameVerifier {
  private final String cnameHost;
  private final String registryHost;
  private final HostnameVerifier delegate;

  public RegistryHostnameVerifier(String cnameHost, String registryHost) {
    this(cnameHost, registryHost, OkHostnameVerifier.INSTANCE);
  }

  RegistryHostnameVerifier(String cnameHost, String registryHost, HostnameVerifier delegate) {
    this.cnameHost = cnameHost;
    this.registryHost = registryHost;
    this.delegate = delegate;
  }

  @Override
  public boolean verify(String hostname, SSLSession session) {
    return delegate.verify(hostname.equalsIgnoreCase(cnameHost) ? registryHost : hostname, session);
  }
}
