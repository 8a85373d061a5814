package dev.ecrcname.serve;

import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryClientBuilder;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;

/**
 * The serve tests' fixtures in one place: a client for the stand-in, a mirror over it on a free
 * port, and plain HTTP clients for the mirror and (to compare) for the stand-in itself.
 */
final class Mirrors {
  private Mirrors() {}

  /**
   * A client for the stand-in through its CNAME, whose User-Agent names {@code tag}, so that a test
   * finds its own upstream requests in the stand-in's access log.
   */
  static RegistryClientBuilder client(StandIn standIn, String tag) {
    return TestClients.standIn(standIn).userAgent(tag);
  }

  /** A mirror on a free loopback port for the stand-in's CNAME and registry host. */
  static MirrorServer.Builder mirror(StandIn standIn, RegistryClient client) {
    return MirrorServer.builder()
        .client(client)
        .port(0)
        .name(standIn.cname())
        .name(standIn.registryHost());
  }

  static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();

  /** The stand-in's registry host over TLS with its CA, resolved to loopback, with its password. */
  static OkHttpClient standInHttp(StandIn standIn) throws Exception {
    String pem = java.nio.file.Files.readString(standIn.caFile());
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder()
            .addTrustedCertificate(Certificates.decodeCertificatePem(pem))
            .build();
    return new OkHttpClient.Builder()
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .dns(standIn::resolve)
        .followRedirects(false)
        .authenticator(
            (route, response) ->
                response.request().header("Authorization") != null
                    ? null
                    : response
                        .request()
                        .newBuilder()
                        .header(
                            "Authorization",
                            okhttp3.Credentials.basic(standIn.username(), standIn.password()))
                        .build())
        .build();
  }

  static Response call(OkHttpClient http, Request.Builder request) throws Exception {
    return http.newCall(request.build()).execute();
  }

  /**
   * The fenced block of docs/mirror.md whose first line is {@code # <title>}, without that line,
   * for {@code port}: the tests run the configurations the docs show.
   */
  static String docSnippet(String title, int port) throws Exception {
    Path doc = null;
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (java.nio.file.Files.exists(p.resolve("docs/mirror.md"))) {
        doc = p.resolve("docs/mirror.md");
        break;
      }
    }
    if (doc == null) {
      throw new AssertionError("docs/mirror.md not found above " + Path.of("").toAbsolutePath());
    }
    String text = java.nio.file.Files.readString(doc);
    int start = text.indexOf("\n# " + title);
    if (start < 0) {
      throw new AssertionError("docs/mirror.md has no block starting with '# " + title + "'");
    }
    int body = text.indexOf('\n', start + 1) + 1;
    int end = text.indexOf("\n```", body);
    return text.substring(body, end + 1).replace("127.0.0.1:5000", "127.0.0.1:" + port);
  }

  /** Lines of the stand-in's nginx access log that carry {@code tag} and {@code part}. */
  static List<String> upstreamLines(StandIn standIn, String tag, String part) throws Exception {
    Path log = standIn.dir().resolve("nginx/logs/access.log");
    List<String> lines = new ArrayList<>();
    for (String line : java.nio.file.Files.readAllLines(log)) {
      if (line.contains(tag) && line.contains(part)) {
        lines.add(line);
      }
    }
    return lines;
  }
}
