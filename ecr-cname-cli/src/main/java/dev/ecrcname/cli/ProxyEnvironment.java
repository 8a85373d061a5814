package dev.ecrcname.cli;

import dev.ecrcname.core.ProxyCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The proxy settings curl, docker and the AWS CLI read from the environment, as one {@link
 * ProxySelector} for the registry client and the AWS calls alike:
 *
 * <ul>
 *   <li>{@code HTTPS_PROXY} (or {@code https_proxy}) for https URLs, {@code HTTP_PROXY} (or {@code
 *       http_proxy}) for http URLs; the upper-case name wins when both are set, as in docker and
 *       Go. A value without a scheme is {@code http://}; without a port, 80.
 *   <li>{@code NO_PROXY} (or {@code no_proxy}), as {@link NoProxy} reads it: names with their
 *       subdomains, addresses and CIDR blocks, each optionally with {@code :port}.
 *   <li>Credentials from the proxy URL's user info ({@code http://user:pass@proxy:3128},
 *       percent-decoded), sent as Basic when the proxy asks. {@link #toString()} and every message
 *       show the URL with the password as {@code ****}.
 * </ul>
 */
final class ProxyEnvironment {
  private final @Nullable Entry https;
  private final @Nullable Entry http;
  private final NoProxy noProxy;

  private ProxyEnvironment(@Nullable Entry https, @Nullable Entry http, NoProxy noProxy) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
  }

  /** One proxy URL, parsed. */
  private record Entry(
      String variable, InetSocketAddress address, @Nullable ProxyCredentials user) {
    String redacted() {
      String host = address.getHostString();
      return "http://"
          + (user == null ? "" : user.username() + ":****@")
          + (host.contains(":") ? "[" + host + "]" : host)
          + ":"
          + address.getPort();
    }
  }

  /**
   * Reads the variables.
   *
   * @throws OptionFailure naming the variable (its value redacted) when a proxy URL is invalid
   */
  static ProxyEnvironment from(Map<String, String> env) {
    Entry https = entry(env, "HTTPS_PROXY", "https_proxy");
    Entry http = entry(env, "HTTP_PROXY", "http_proxy");
    return new ProxyEnvironment(https, http, NoProxy.parse(first(env, "NO_PROXY", "no_proxy")));
  }

  /** Whether any proxy is set. */
  boolean isSet() {
    return https != null || http != null;
  }

  /** The selector: the proxy for the URL's scheme, or a direct connection. */
  ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(proxyFor(uri));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // Nothing to learn: the user's setting is the only proxy.
      }
    };
  }

  /**
   * The proxy credentials: the https proxy's, else the http proxy's (one set serves both, as the
   * client takes one).
   */
  Optional<ProxyCredentials> credentials() {
    if (https != null && https.user() != null) {
      return Optional.ofNullable(https.user());
    }
    return Optional.ofNullable(http == null ? null : http.user());
  }

  Proxy proxyFor(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Entry entry = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
    String host = uri.getHost();
    if (entry == null || host == null || bypassed(host, port(uri))) {
      return Proxy.NO_PROXY;
    }
    return new Proxy(Proxy.Type.HTTP, entry.address());
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** Whether NO_PROXY names this host (and port). */
  boolean bypassed(String host, int port) {
    return noProxy.bypasses(host, port);
  }

  private static @Nullable String first(Map<String, String> env, String upper, String lower) {
    for (String name : new String[] {upper, lower}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }

  private static @Nullable Entry entry(Map<String, String> env, String upper, String lower) {
    String variable = env.get(upper) != null && !env.get(upper).isBlank() ? upper : lower;
    String value = first(env, upper, lower);
    if (value == null) {
      return null;
    }
    String url = value.contains("://") ? value : "http://" + value;
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(variable, "it is not a URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw invalid(
          variable,
          "only http:// proxies are supported (TLS to the registry still runs through the proxy's"
              + " CONNECT tunnel); got "
              + scheme
              + "://");
    }
    String host = uri.getHost();
    if (host == null) {
      throw invalid(variable, "it names no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    ProxyCredentials user = null;
    String info = uri.getRawUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      String name = decode(colon < 0 ? info : info.substring(0, colon));
      String password = colon < 0 ? "" : decode(info.substring(colon + 1));
      if (!name.isEmpty()) {
        user = new ProxyCredentials(name, password);
      }
    }
    return new Entry(variable, InetSocketAddress.createUnresolved(host, port), user);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The message never repeats the value, which may hold a password. */
  private static OptionFailure invalid(String variable, String why) {
    return new OptionFailure(
        "invalid proxy in " + variable + ": " + why,
        "set " + variable + " to a URL such as http://proxy.example:3128 (or http://user:pass@...)",
        null);
  }

  /** For -v: the proxies, passwords redacted, and NO_PROXY. */
  @Override
  public String toString() {
    return "proxies: https "
        + (https == null ? "direct" : https.redacted() + " (" + https.variable() + ")")
        + ", http "
        + (http == null ? "direct" : http.redacted() + " (" + http.variable() + ")")
        + (noProxy.isEmpty() ? "" : ", not for " + noProxy);
  }
}
