package dev.ecrcname.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (a registry token was obtained) and
 * {@code /metrics} (Prometheus text). They come before client authentication, so that kubelet
 * probes and a node's scraper need no credential; they tell nothing about images.
 */
final class OpsHandler extends Handler.Wrapper {
  private final Settings settings;
  private final MirrorMetrics metrics;

  OpsHandler(Settings settings, MirrorMetrics metrics, Handler next) {
    super(next);
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    boolean get = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    switch (path) {
      case "/healthz" -> text(response, callback, 200, "ok\n", "text/plain", get);
      case "/readyz" -> {
        boolean ready = settings.ready().getAsBoolean();
        text(
            response,
            callback,
            ready ? 200 : 503,
            ready ? "ready\n" : "no registry token yet\n",
            "text/plain",
            get);
      }
      case "/metrics" -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        text(
            response,
            callback,
            200,
            out.toString(StandardCharsets.UTF_8),
            metrics.contentType(),
            get);
      }
      default -> {
        return super.handle(request, response, callback);
      }
    }
    return true;
  }

  private static void text(
      Response response, Callback callback, int status, String body, String type, boolean get) {
    if (!get) {
      OciErrors.write(
          response, callback, new OciErrors.OciError(405, "UNSUPPORTED", "only GET and HEAD"));
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
