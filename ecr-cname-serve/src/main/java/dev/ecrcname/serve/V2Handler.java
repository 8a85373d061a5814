package dev.ecrcname.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only Distribution v2 / OCI endpoint: {@code /v2/}, manifests, blobs, tags and referrers,
 * GET and HEAD only (anything else is 405 with an OCI error body), for the names it serves only (a
 * foreign {@code ns} is 404). Failures become OCI errors; a failure after the answer started cuts
 * the connection, so a client never takes a short or wrong body for a whole one.
 */
final class V2Handler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(V2Handler.class);

  private final Set<String> names;
  private final ManifestHandler manifests;
  private final BlobHandler blobs;
  private final TagsHandler tags;
  private final MirrorMetrics metrics;

  V2Handler(Settings settings, MirrorMetrics metrics) {
    Limits limits = new Limits(settings, metrics);
    this.names = settings.names();
    this.manifests = new ManifestHandler(settings, limits);
    this.blobs = new BlobHandler(settings, limits, metrics);
    this.tags = new TagsHandler(settings, limits);
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      return error(
          response, callback, 405, "UNSUPPORTED", "this mirror is read-only: GET and HEAD only");
    }
    if (path.equals("/v2/") || path.equals("/v2")) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 2);
      response.write(
          true,
          head ? ByteBuffer.allocate(0) : ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)),
          callback);
      return true;
    }
    String ns = Request.extractQueryParameters(request).getValue("ns");
    boolean served = ns != null && serves(ns);
    metrics.namespace(
        ns == null ? "none" : served ? ns.trim().toLowerCase(Locale.ROOT) : "foreign");
    if (ns != null && !served) {
      return error(
          response,
          callback,
          404,
          "NAME_UNKNOWN",
          "this mirror serves " + String.join(", ", names) + " only");
    }
    Optional<V2Route> route = V2Route.parse(path);
    if (route.isEmpty()) {
      return error(
          response, callback, 404, "NAME_UNKNOWN", "no such route in the Distribution API");
    }
    serve(route.get(), request, response, callback, head);
    return true;
  }

  private boolean serves(String ns) {
    String name = ns.trim().toLowerCase(Locale.ROOT);
    return names.contains(name) || names.contains(HostGuard.normalize(name));
  }

  private void serve(
      V2Route route, Request request, Response response, Callback callback, boolean head) {
    try {
      switch (route.kind()) {
        case MANIFEST -> manifests.handle(route, request, response, callback, head);
        case BLOB -> blobs.handle(route, request, response, callback, head);
        case TAGS -> tags.handle(route, request, response, callback, head);
        case REFERRERS ->
            error(
                response,
                callback,
                404,
                "UNSUPPORTED",
                "the referrers API is not served by this mirror");
      }
    } catch (Throwable e) {
      fail(route, response, callback, e);
    }
  }

  private static void fail(V2Route route, Response response, Callback callback, Throwable e) {
    if (response.isCommitted()) {
      LOG.warn("{} {}: cut the connection: {}", route.kind(), route.name(), e.getMessage());
      callback.failed(e); // the client sees a body short of its Content-Length, never a whole one
      return;
    }
    OciErrors.OciError error;
    if (e instanceof Limits.BusyException) {
      error =
          new OciErrors.OciError(
              429,
              "TOOMANYREQUESTS",
              String.valueOf(e.getMessage()),
              java.time.Duration.ofSeconds(1));
    } else if (e instanceof RuntimeException r) {
      error = OciErrors.of(r, notFoundCode(route.kind()));
    } else {
      error =
          new OciErrors.OciError(
              502, "UNAVAILABLE", "the blob could not be read: " + String.valueOf(e.getMessage()));
    }
    if (error.status() >= 500) {
      LOG.warn("{} {}@{}: {}", route.kind(), route.name(), route.reference(), e.getMessage());
    }
    response.reset();
    response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
    OciErrors.write(response, callback, error);
  }

  private static String notFoundCode(V2Route.Kind kind) {
    return switch (kind) {
      case MANIFEST -> "MANIFEST_UNKNOWN";
      case BLOB -> "BLOB_UNKNOWN";
      default -> "NAME_UNKNOWN";
    };
  }

  private static boolean error(
      Response response, Callback callback, int status, String code, String message) {
    OciErrors.write(response, callback, new OciErrors.OciError(status, code, message));
    return true;
  }
}
