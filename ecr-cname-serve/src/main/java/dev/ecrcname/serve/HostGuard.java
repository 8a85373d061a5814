package dev.ecrcname.serve;

import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A DNS-rebinding guard: a request whose Host header names none of the mirror's own names gets 400.
 * A web page that rebinds its own name to 127.0.0.1 still sends its own name in Host, so a browser
 * on the node cannot be used to pull through the mirror.
 */
final class HostGuard extends Handler.Wrapper {
  private final Set<String> allowed;

  HostGuard(Set<String> allowed, Handler next) {
    super(next);
    this.allowed = allowed;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host == null || !allowed.contains(normalize(host))) {
      OciErrors.write(
          response,
          callback,
          new OciErrors.OciError(
              400, "DENIED", "this mirror does not answer to that Host; see --allow-host"));
      return true;
    }
    return super.handle(request, response, callback);
  }

  /** The host part of a Host header or name, lower case, without port or IPv6 brackets. */
  static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(1, end) : h;
    }
    int colon = h.indexOf(':');
    if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
      return h.substring(0, colon); // name:port; a bare IPv6 address has several colons
    }
    return h;
  }
}
