package dev.ecrcname.core.http;

import okhttp3.HttpUrl;

/**
 * Where requests go (the CNAME) and whom they are for (the real registry host). The one place that decides whether a
 * URL is "the registry" and so gets the Host rewrite and the credentials.
 *
 * @param cname the endpoint the client dials, e.g. {@code https://docker-ecr.internal.example}
 * @param registryHost the real registry host, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}
 */
public record RegistryEndpoint(HttpUrl cname, String registryHost) {

  public RegistryEndpoint {
    if (registryHost.isBlank() || registryHost.contains("/") || registryHost.contains(":")) {
      throw new IllegalArgumentException("registry host must be a bare host name, got: " + registryHost);
    }
  }

  /** Whether {@code url} is a hop to the CNAME endpoint (same scheme, host and port). */
  public boolean isCname(HttpUrl url) {
    return url.host().equals(cname.host()) && url.port() == cname.port() && url.scheme().equals(cname.scheme());
  }

  /** Whether {@code url} names the real registry host, as ECR's absolute Location and Link URLs do. */
  public boolean isRegistryHost(HttpUrl url) {
    return url.host().equalsIgnoreCase(registryHost);
  }

  /**
   * The Host header for hops to the CNAME. The port is kept when the endpoint is not on the default port, so that a
   * stand-in on 8443 builds its absolute URLs with the port its clients can reach.
   */
  public String hostHeader() {
    return cname.port() == HttpUrl.defaultPort(cname.scheme()) ? registryHost : registryHost + ":" + cname.port();
  }

  /** A URL on the CNAME for a Distribution API path such as {@code /v2/app/small/manifests/1.0}. */
  public HttpUrl.Builder url() {
    return cname.newBuilder().encodedPath("/");
  }
}
