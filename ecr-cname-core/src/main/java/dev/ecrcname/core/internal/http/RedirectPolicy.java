package dev.ecrcname.core.internal.http;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows ECR's blob redirects to presigned S3 URLs. OkHttp's own redirect handling is off so that
 * these rules are ours and tested:
 *
 * <ul>
 *   <li>A hop that leaves the CNAME carries no Authorization: S3 answers {@code 400 Only one auth
 *       mechanism allowed} to a request with both a signature and a header
 *       (open-policy-agent/opa#6580).
 *   <li>The presigned query is passed on exactly as received (GoogleContainerTools/jib#1590).
 *   <li>https never downgrades to http, and the number of hops is bounded.
 *   <li>Only a call that may leave the registry (a blob GET, for S3) is followed to another host. A
 *       307 keeps the method and the body, so a write redirected elsewhere would hand its body, a
 *       layer or a manifest, to whoever the Location names (issue 21, defect 5).
 * </ul>
 */
public final class RedirectPolicy {
  /** ECR needs one hop (registry to S3); a few more tolerate a proxy in between. */
  public static final int DEFAULT_MAX_REDIRECTS = 5;

  private final RegistryEndpoint endpoint;
  private final RegistryUrlRewriter rewriter;
  private final int maxRedirects;

  public RedirectPolicy(RegistryEndpoint endpoint, int maxRedirects) {
    this.endpoint = endpoint;
    this.rewriter = new RegistryUrlRewriter(endpoint);
    this.maxRedirects = maxRedirects;
  }

  public static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  public int maxRedirects() {
    return maxRedirects;
  }

  /**
   * The request for the next hop after {@code response}, a redirect to {@code request}.
   *
   * @param mayLeaveRegistry whether the hop may go to another host than the CNAME (only a blob
   *     GET's may); otherwise such a hop is refused
   */
  public Request next(Request request, Response response, boolean mayLeaveRegistry)
      throws RefusedHopException {
    String location = response.header("Location");
    if (location == null) {
      throw new RefusedHopException(
          response.code() + " redirect from " + Redaction.url(request.url()) + " has no Location");
    }
    HttpUrl target = rewriter.rewrite(request.url(), location);
    if (target == null) {
      throw new RefusedHopException(
          "redirect to an unusable Location from " + Redaction.url(request.url()));
    }
    if (request.url().isHttps() && !target.isHttps()) {
      throw new RefusedHopException(
          "refusing redirect from https to http ("
              + Redaction.url(target)
              + "); blobs must stay on TLS");
    }
    if (!mayLeaveRegistry && !endpoint.isCname(target)) {
      throw new RefusedHopException(
          "refusing to follow a "
              + response.code()
              + " redirect of "
              + request.method()
              + " "
              + Redaction.url(request.url())
              + " to another host ("
              + Redaction.url(target)
              + "): only blob downloads leave the registry");
    }
    Request.Builder next = request.newBuilder().url(target);
    if (!target.host().equals(request.url().host())) {
      next.removeHeader("Authorization");
    }
    // 303 turns anything into a GET; 301/302 do so only for POST, as browsers and OkHttp do.
    boolean toGet =
        response.code() == 303 || (response.code() <= 302 && request.method().equals("POST"));
    if (toGet && !request.method().equals("HEAD")) {
      next.method("GET", null);
    }
    return next.build();
  }
}
