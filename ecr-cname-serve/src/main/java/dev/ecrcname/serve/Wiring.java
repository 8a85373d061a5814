package dev.ecrcname.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Puts the Jetty server together: one connector (plain, or TLS with optional client certificates)
 * and the handler chain, outermost first: drain on stop, access log and metrics, the Host guard,
 * the ops endpoints, client authentication, then the Distribution API.
 */
final class Wiring {
  private Wiring() {}

  static Server server(Settings settings, MirrorMetrics metrics) {
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("ecr-cname-serve");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.addConnector(connector(server, settings));
    Handler v2 = new V2Handler(settings, metrics);
    Handler chain =
        new AccessLog(
            metrics,
            new HostGuard(
                settings.allowedHosts(),
                new OpsHandler(settings, metrics, ClientAuth.wrap(settings, v2))));
    server.setHandler(new GracefulHandler(chain));
    server.setStopTimeout(settings.drainTimeout().toMillis());
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on "
              + settings.listenHost()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    } catch (Exception e) {
      throw new IllegalStateException("the mirror did not start: " + e.getMessage(), e);
    }
    return server;
  }

  private static ServerConnector connector(Server server, Settings settings) {
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(settings.maxRequestHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ConnectionFactory plain = new HttpConnectionFactory(http);
    ServerConnector connector =
        settings.tls()
            ? new ServerConnector(
                server,
                new SslConnectionFactory(TlsFiles.contextFactory(settings), "http/1.1"),
                plain)
            : new ServerConnector(server, plain);
    connector.setHost(settings.listenHost());
    connector.setPort(settings.port());
    return connector;
  }
}
