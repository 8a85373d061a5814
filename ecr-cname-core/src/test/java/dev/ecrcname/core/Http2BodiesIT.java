package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.RegistryPaths;
import dev.ecrcname.testing.StandIn;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: where the registry host offers HTTP/2 (the stand-in's {@code HTTP2_PORT}), blob bodies
 * still travel over HTTP/1.1 connections and the small calls over HTTP/2. Read from nginx's access
 * log, which records each request's protocol, for a repository of this test's own.
 */
class Http2BodiesIT {
  private static final Pattern REQUEST = Pattern.compile("\"(\\w+) (\\S+) (HTTP/[\\d.]+)\"");

  @TempDir Path cache;

  @Test
  void blobBodiesGoOverHttp11AndManifestsOverHttp2() throws IOException {
    StandIn standIn = StandIn.require();
    OptionalInt h2 = standIn.http2Port();
    assumeThat(h2).as("a stand-in with HTTP2_PORT (scripts/standin start)").isPresent();
    String repository = "perf-push/h2-" + System.nanoTime();
    FakeImage image = FakeImage.create("amd64", 300_000, 2_000);
    try (RegistryClient client =
        TestClients.standIn(standIn)
            .endpoint(URI.create("https://" + standIn.cname() + ":" + h2.getAsInt()))
            .cacheDirectory(cache)
            .platform(Platform.of("linux", "amd64"))
            .build()) {
      client.push(repository, "1.0", new MemoryImageSource(image));
      assertThat(client.pull(repository, "1.0").layers()).hasSize(image.layers().size());
    }

    List<String[]> mine = requestsFor(standIn, repository);
    assertThat(mine).as("requests for %s in nginx's access log", repository).isNotEmpty();
    assertThat(protocolsOf(mine, "PATCH", "/blobs/uploads/")).containsOnly("HTTP/1.1");
    assertThat(protocolsOf(mine, "GET", "/blobs/sha256:")).containsOnly("HTTP/1.1");
    assertThat(protocolsOf(mine, "PUT", "/manifests/")).containsOnly("HTTP/2.0");
    assertThat(protocolsOf(mine, "GET", "/manifests/")).containsOnly("HTTP/2.0");
  }

  private static List<String[]> requestsFor(StandIn standIn, String repository) throws IOException {
    Path log = standIn.dir().resolve("nginx/logs/access.log");
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        // nginx logs the request line: any path of this repository, whatever the operation
        .filter(line -> line.contains(RegistryPaths.base() + repository + "/"))
        .map(REQUEST::matcher)
        .filter(Matcher::find)
        .map(m -> new String[] {m.group(1), m.group(2), m.group(3)})
        .toList();
  }

  /** The protocols of the requests of {@code method} whose path contains {@code part}; not none. */
  private static List<String> protocolsOf(List<String[]> requests, String method, String part) {
    List<String> protocols =
        requests.stream()
            .filter(r -> r[0].equals(method) && r[1].contains(part))
            .map(r -> r[2])
            .toList();
    assertThat(protocols).as("%s …%s… requests", method, part).isNotEmpty();
    return protocols;
  }
}
