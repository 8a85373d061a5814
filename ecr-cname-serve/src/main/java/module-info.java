/**
 * A node-local registry mirror for ecr-cname: {@link dev.ecrcname.serve.MirrorServer}, so that
 * container engines pull through the CNAME.
 */
module dev.ecrcname.serve {
  requires transitive dev.ecrcname.core;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires io.prometheus.metrics.core;
  requires io.prometheus.metrics.model;
  requires io.prometheus.writer.text;
  requires okhttp3.tls;
  requires com.google.gson;
  requires org.slf4j;

  exports dev.ecrcname.serve;
}
