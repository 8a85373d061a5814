package dev.ecrcname.core.internal.http;

import dev.ecrcname.core.ForeignRegistryException;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.RegistryHost;
import okhttp3.HttpUrl;

/**
 * Where requests go (the CNAME) and whom they are for (the real registry host). The one place that
 * decides whether a hop is "the registry", and so gets the Host rewrite, the registry's TLS name
 * and the credentials: the Host interceptor, the hostname verifier, the SNI factory and the
 * credentials interceptor all ask this record.
 *
 * @param cname the endpoint the client dials, e.g. {@code https://docker-ecr.internal.example}
 * @param registryHost the real registry host, e.g. {@code
 *     123456789012.dkr.ecr.us-east-1.amazonaws.com}
 */
public record RegistryEndpoint(HttpUrl cname, RegistryHost registryHost) {

  public RegistryEndpoint {
    if (!cname.username().isEmpty() || !cname.password().isEmpty()) {
      throw new IllegalArgumentException("the endpoint URL must not carry credentials");
    }
  }

  /** Whether {@code url} is a hop to the CNAME endpoint: same scheme, host and port. */
  public boolean isCname(HttpUrl url) {
    return isCnameHost(url.host())
        && url.port() == cname.port()
        && url.scheme().equals(cname.scheme());
  }

  /**
   * Whether a TLS connection to {@code host} is a connection to the CNAME. TLS hooks see only the
   * host name; the scheme is https by then and the port cannot tell two virtual hosts on one name
   * apart.
   */
  public boolean isCnameHost(String host) {
    return host.equalsIgnoreCase(cname.host());
  }

  /** The name TLS must present and be checked against on a connection to {@code host}. */
  public String tlsName(String host) {
    return isCnameHost(host) ? registryHost.name() : host;
  }

  /**
   * Whether {@code url} names the real registry host, as ECR's absolute Location and Link URLs do.
   */
  public boolean isRegistryHost(HttpUrl url) {
    return url.host().equalsIgnoreCase(registryHost.name());
  }

  /**
   * The Host header for hops to the CNAME. The port is kept when the endpoint is not on the default
   * port, so that a stand-in on 8443 builds its absolute URLs with the port its clients can reach.
   */
  public String hostHeader() {
    if (registryHost.port() != -1 || cname.port() == HttpUrl.defaultPort(cname.scheme())) {
      return registryHost.toString();
    }
    return registryHost.name() + ":" + cname.port();
  }

  /**
   * Whether an image reference's host names this registry: the registry host, or the CNAME as
   * docker users write it ({@code docker-ecr.internal.example/app:1}). A missing port means the
   * endpoint's.
   */
  public boolean serves(RegistryHost host) {
    int port = cname.port();
    return host.sameAs(registryHost, port) || host.sameAs(RegistryHost.of(cname.uri()), port);
  }

  /**
   * {@code image} addressed to this registry: its host filled in, or checked and replaced.
   *
   * @throws ForeignRegistryException when it names another registry
   */
  public ImageReference address(ImageReference image) {
    RegistryHost host = image.registry();
    if (host != null && !serves(host)) {
      throw new ForeignRegistryException(image, registryHost, cname.toString());
    }
    return image.withRegistry(registryHost);
  }

  @Override
  public String toString() {
    return cname + " as " + registryHost;
  }
}
