package dev.ecrcname.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The mirror's metrics in one registry of its own (not the global one, so two mirrors in one JVM
 * count apart), written in Prometheus text format.
 */
final class MirrorMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests =
      Counter.builder()
          .name("ecr_cname_serve_requests_total")
          .help("Requests answered, by method and status")
          .labelNames("method", "status")
          .register(registry);
  private final Counter bytes =
      Counter.builder()
          .name("ecr_cname_serve_response_bytes_total")
          .help("Body bytes sent to clients")
          .register(registry);
  private final Histogram upstream =
      Histogram.builder()
          .name("ecr_cname_serve_upstream_seconds")
          .help("Time to the registry's answer, by operation")
          .labelNames("operation")
          .register(registry);
  private final Counter upstreamBlobs =
      Counter.builder()
          .name("ecr_cname_serve_upstream_blob_requests_total")
          .help("Blob requests sent to the registry")
          .register(registry);
  private final Counter refreshes =
      Counter.builder()
          .name("ecr_cname_serve_token_refreshes_total")
          .help("Registry tokens obtained")
          .register(registry);
  private final Counter namespaces =
      Counter.builder()
          .name("ecr_cname_serve_namespace_requests_total")
          .help("API requests by the ns parameter engines add (a served name, none, or foreign)")
          .labelNames("ns")
          .register(registry);
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  void request(String method, int status, long sent) {
    requests.labelValues(method, Integer.toString(status)).inc();
    bytes.inc(sent);
  }

  /** Counts a request's {@code ns}: a served name, {@code none} or {@code foreign} (bounded). */
  void namespace(String ns) {
    namespaces.labelValues(ns).inc();
  }

  void upstream(String operation, long nanos) {
    upstream.labelValues(operation).observe(nanos / 1e9);
  }

  void upstreamBlobRequest() {
    upstreamBlobs.inc();
  }

  long upstreamBlobRequests() {
    return (long) upstreamBlobs.get();
  }

  void tokenRefreshed() {
    refreshes.inc();
  }

  String contentType() {
    return writer.getContentType();
  }

  void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
