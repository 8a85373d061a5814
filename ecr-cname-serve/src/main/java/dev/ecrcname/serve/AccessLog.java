package dev.ecrcname.serve;

import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path, status, bytes, milliseconds; and the request metrics. Query
 * values that could be credentials (presigned {@code X-Amz-*}, a signature, a token) are redacted.
 */
final class AccessLog extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger("dev.ecrcname.serve.access");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)((?:x-amz-[a-z-]+|signature|token|password|access_token)=)[^&]*");

  private final MirrorMetrics metrics;

  AccessLog(MirrorMetrics metrics, Handler next) {
    super(next);
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long start = System.nanoTime();
    Callback logged =
        new Callback() {
          @Override
          public void succeeded() {
            log(request, response, start, "");
            callback.succeeded();
          }

          @Override
          public void failed(Throwable failure) {
            log(request, response, start, " aborted (" + failure.getClass().getSimpleName() + ")");
            callback.failed(failure);
          }

          @Override
          public InvocationType getInvocationType() {
            return callback.getInvocationType();
          }
        };
    return super.handle(request, response, logged);
  }

  private void log(Request request, Response response, long start, String outcome) {
    long millis = (System.nanoTime() - start) / 1_000_000;
    long bytes = Response.getContentBytesWritten(response);
    int status = response.getStatus();
    metrics.request(request.getMethod(), status, bytes);
    LOG.info(
        "{} {} {} {} B {} ms{}",
        request.getMethod(),
        redact(request.getHttpURI().getPathQuery()),
        status,
        bytes,
        millis,
        outcome);
  }

  static String redact(String pathQuery) {
    return SECRET_PARAMETER.matcher(pathQuery).replaceAll("$1****");
  }
}
