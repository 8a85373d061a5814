package dev.ecrcname.core.internal.http;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;

/**
 * ECR's certificate names only {@code *.dkr.ecr.<region>.amazonaws.com}, never the CNAME. On
 * connections to the CNAME the certificate must name the real registry host; every other host (S3)
 * must be named by its own certificate.
 *
 * <p>The check of the certificate against that name happens in the handshake, by the JDK (endpoint
 * identification, set by {@link RegistrySniSocketFactory} on every socket). This verifier makes
 * sure the handshake checked the right name: the session's peer host must be the name expected for
 * the host dialled. Nothing here accepts a peer the JDK did not verify.
 */
record RegistryHostnameVerifier(RegistryEndpoint endpoint) implements HostnameVerifier {
  @Override
  public boolean verify(String hostname, SSLSession session) {
    String peer = session.getPeerHost();
    return peer != null && peer.equalsIgnoreCase(endpoint.tlsName(hostname));
  }
}
