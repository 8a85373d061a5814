package dev.ecrcname.core.internal.http;

import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * ECR answers with absolute {@code Location} (uploads) and {@code Link} (tag pages) URLs on its own
 * host, which the client must not dial directly: they are moved onto the CNAME. Relative values
 * resolve against the request URL. Path and query stay exactly as encoded by the registry: the
 * pagination token and upload state are opaque.
 */
public final class RegistryUrlRewriter {
  private static final Pattern LINKS = Pattern.compile(",(?=\\s*<)");
  private static final Pattern NEXT =
      Pattern.compile(";\\s*rel=\"?next\"?", Pattern.CASE_INSENSITIVE);
  private final RegistryEndpoint endpoint;

  public RegistryUrlRewriter(RegistryEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The URL to follow for {@code value}, resolved against {@code base}; null when it is not a URL.
   */
  public @Nullable HttpUrl rewrite(HttpUrl base, String value) {
    HttpUrl resolved = base.resolve(value.trim());
    if (resolved == null || !endpoint.isRegistryHost(resolved)) {
      return resolved;
    }
    return resolved
        .newBuilder()
        .scheme(endpoint.cname().scheme())
        .host(endpoint.cname().host())
        .port(endpoint.cname().port())
        .build();
  }

  /**
   * The {@code rel="next"} target of an RFC 8288 Link header, rewritten; null when there is no next
   * page.
   *
   * <p>ECR and Distribution send one link per header, e.g. {@code
   * <https://host/v2/r/tags/list?last=X&n=100>; rel="next"}.
   */
  public @Nullable HttpUrl nextLink(HttpUrl base, @Nullable String link) {
    if (link == null) {
      return null;
    }
    for (String part : LINKS.split(link, -1)) {
      int open = part.indexOf('<');
      int close = part.indexOf('>', open + 1);
      if (open >= 0 && close > open && NEXT.matcher(part.substring(close)).find()) {
        return rewrite(base, part.substring(open + 1, close));
      }
    }
    return null;
  }
}
