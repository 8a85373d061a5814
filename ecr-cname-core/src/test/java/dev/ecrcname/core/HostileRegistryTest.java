package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry, a network or a third host that misbehaves on purpose: each test pins one behaviour of
 * docs/guarantees.md (issue 12). Timeouts here are hang guards only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileRegistryTest {
  static final String REGISTRY = FakeRegistry.REGISTRY;

  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  final MockWebServer server = registry.server();
  final MockWebServer third = registry.other();
  @TempDir Path cache;
  final FakeImage image = FakeImage.create("amd64", 40_000);
  final byte[] layer = image.layers().get(0);
  final String layerPath = RegistryPaths.blob("app/small", Digest.sha256(layer));

  @BeforeEach
  void start() {
    registry.image("app/small", "1.0", image);
  }

  RegistryClientBuilder client() {
    return TestClients.fake(registry, cache);
  }

  /**
   * Serves {@code server} over TLS with a certificate for {@code name}; returns the CA to trust.
   */
  Path https(MockWebServer server, String name) throws IOException {
    return TestClients.https(server, name, cache.getParent());
  }

  // --- deadlines (defect 10) ---

  @Test
  void aManifestTricklingPastTheCallTimeoutEndsAsATimeout() {
    registry.override(
        RegistryPaths.manifest("app/small", "1.0"),
        r ->
            new MockResponse.Builder(
                    registry.manifestAnswer(RegistryPaths.manifest("app/small", "1.0")))
                .throttleBody(1, 200, TimeUnit.MILLISECONDS)
                .build());
    Failures.thrownBy(
            client()
                .transport(t -> t.withCallTimeout(Duration.ofSeconds(1)))
                .transport(t -> t.withMaxAttempts(1))
                .build(),
            client -> client.manifest("app/small", "1.0"))
        .satisfies(Failures.transport(TransportException.Kind.TIMEOUT));
  }

  @Test
  void aBlobTricklingBelowTheMinimumRateIsResumedFromWhereItStopped() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    registry.override(
        layerPath,
        r -> {
          if (calls.incrementAndGet() == 1) {
            return new MockResponse.Builder()
                .body(new Buffer().write(layer))
                .throttleBody(16, 100, TimeUnit.MILLISECONDS)
                .build();
          }
          return rangeAnswer(layer, r);
        });
    try (RegistryClient client =
        client()
            .transport(t -> t.withReadTimeout(Duration.ofSeconds(1)))
            .transport(t -> t.withMinimumTransferRate(1024))
            .build()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void aServerThatAcceptsAndSaysNothingEndsAsATimeout() {
    registry.override(
        RegistryPaths.manifest("app/small", "1.0"),
        r -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    Failures.thrownBy(
            client()
                .transport(t -> t.withReadTimeout(Duration.ofMillis(500)))
                .transport(t -> t.withMaxAttempts(2))
                .build(),
            client -> client.manifest("app/small", "1.0"))
        .satisfies(Failures.transport(TransportException.Kind.TIMEOUT));
  }

  static MockResponse rangeAnswer(byte[] blob, RecordedRequest r) {
    String range = r.getHeaders().get("Range");
    int from =
        range == null
            ? 0
            : Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
    return new MockResponse.Builder()
        .code(range == null ? 200 : 206)
        .setHeader("Content-Range", "bytes " + from + "-" + (blob.length - 1) + "/" + blob.length)
        .body(new Buffer().write(blob, from, blob.length - from))
        .build();
  }

  // --- close (defect 11) ---

  @Test
  void callsAfterCloseThrowATypedError() {
    RegistryClient client = client().build();
    client.close();
    assertThatThrownBy(() -> client.pull("app/small", "1.0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> client.listTags("app/small"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void closeEndsRunningLayerDownloadsBeforeItReturns() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    registry.override(
        layerPath,
        r -> {
          started.countDown();
          return new MockResponse.Builder()
              .body(new Buffer().write(layer))
              .throttleBody(1024, 1, TimeUnit.SECONDS)
              .build();
        });
    Set<Thread> before = layerThreads();
    RegistryClient client = client().transport(t -> t.withMinimumTransferRate(1)).build();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread puller =
        new Thread(
            () -> {
              try {
                client.pull("app/small", "1.0");
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    puller.start();
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    Set<Thread> running = layerThreads();
    running.removeAll(before);
    assertThat(running).isNotEmpty();

    client.close();

    for (Thread t : running) {
      t.join(2_000); // a pool thread may take a moment to exit after its task ended
      assertThat(t.isAlive()).as("layer thread %s after close", t.getName()).isFalse();
    }
    puller.join(10_000);
    assertThat(failure.get()).isInstanceOf(EcrCnameException.class);
    try (var parts = Files.list(cache.resolve("tmp"))) {
      assertThat(parts).isEmpty();
    }
  }

  static Set<Thread> layerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("ecr-cname-layer-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  // --- foreign URLs (defect 3) ---

  String foreignManifest(String mediaType, String url) {
    return FakeImage.foreignManifest(image.config(), layer, mediaType, url);
  }

  void serveManifest(String json) {
    registry.manifest(
        RegistryPaths.manifest("app/small", "2.0"), new MockResponse.Builder().body(json).build());
  }

  /**
   * Serves app/small:2.0 with one layer of {@code mediaType} whose urls name {@code path} on the
   * third host, over TLS as mcr.example; returns the CA that makes the client trust it.
   */
  Path serveLayerListingAUrl(String mediaType, String path) throws IOException {
    Path ca = https(third, "mcr.example");
    serveManifest(foreignManifest(mediaType, "https://mcr.example:" + third.getPort() + path));
    return ca;
  }

  @Test
  void foreignLayerUrlsAreNotFollowedUnlessTheCallerOptsIn() throws Exception {
    Path ca = serveLayerListingAUrl(MediaTypes.DOCKER_FOREIGN_LAYER_GZIP, "/l");
    try (RegistryClient client = client().trustedCertificates(ca).build()) {
      PulledImage pulled = client.pull("app/small", "2.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
    }
    assertThat(third.getRequestCount()).isZero();
  }

  @Test
  void urlsOnANormalLayerAreNeverFetchedEvenWhenForeignUrlsAreAllowed() throws Exception {
    Path ca = serveLayerListingAUrl(MediaTypes.DOCKER_LAYER_GZIP, "/admin");
    try (RegistryClient client = client().foreignLayerUrls(true).trustedCertificates(ca).build()) {
      client.pull("app/small", "2.0");
    }
    assertThat(third.getRequestCount()).isZero();
  }

  @Test
  void aBlackholedForeignUrlCostsOneShortTryBeforeTheRegistry() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(blackhole.accept()); // accept, then say nothing
                    connections.incrementAndGet();
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      serveManifest(
          foreignManifest(
              MediaTypes.DOCKER_FOREIGN_LAYER_GZIP,
              "https://mcr.example:" + blackhole.getLocalPort() + "/l"));
      try (RegistryClient client =
          client()
              .foreignLayerUrls(true)
              .transport(t -> t.withReadTimeout(Duration.ofSeconds(1)))
              .build()) {
        PulledImage pulled = client.pull("app/small", "2.0");
        assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
      }
      for (Socket s : held) {
        s.close();
      }
    }
    assertThat(connections).hasValue(1);
  }

  // --- Location and Link stay on the registry (defect 5) ---

  /** Answers app/many's first tag page with one tag and a next page at {@code origin}. */
  void serveTagPageLinkingTo(String origin) {
    registry.override(
        RegistryPaths.tags("app/many"),
        r ->
            new MockResponse.Builder()
                .body("{\"name\":\"app/many\",\"tags\":[\"a\"]}")
                .setHeader(
                    "Link",
                    "<" + origin + RegistryPaths.tags("app/many") + "?last=a>; rel=\"next\"")
                .build());
  }

  @Test
  void aTagPageLinkToAThirdHostIsRefused() {
    serveTagPageLinkingTo("http://evil.example:" + third.getPort());
    Failures.thrownBy(client().build(), client -> client.listTags("app/many"))
        .satisfies(Failures.transport(TransportException.Kind.REFUSED))
        .hasMessageContaining("Link");
    assertThat(third.getRequestCount()).isZero();
  }

  /** (A Link to the registry host itself is moved onto the CNAME, scheme included: https.) */
  @Test
  void aTagPageLinkFromHttpsToHttpIsRefused() throws Exception {
    Path ca = https(server, "*.dkr.ecr.us-east-1.amazonaws.com");
    serveTagPageLinkingTo("http://" + FakeRegistry.CNAME + ":" + server.getPort());
    Failures.thrownBy(
            overHttps().trustedCertificates(ca).build(), client -> client.listTags("app/many"))
        .satisfies(Failures.transport(TransportException.Kind.REFUSED));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anUploadLocationOnAnotherHostGetsNoLayerBytes() {
    registry.override(
        RegistryPaths.uploads("app/pushed"),
        r ->
            new MockResponse.Builder()
                .code(202)
                .setHeader("Location", "http://evil.example:" + third.getPort() + "/upload/1")
                .build());
    try (RegistryClient client = client().build()) {
      assertThatThrownBy(
              () ->
                  client.push(
                      "app/pushed", "1.0", new MemoryImageSource(FakeImage.create("amd64", 100))))
          .satisfies(Failures.transport(TransportException.Kind.REFUSED));
    }
    assertThat(third.getRequestCount()).isZero();
    assertThat(registry.pushedManifests()).isEmpty();
  }

  // --- what is retried (defect 6) ---

  /**
   * A manifest GET through {@code client} (allowed five attempts) fails as {@code kind} after
   * resolving the CNAME once: the failure is not worth a retry.
   */
  void assertTriedOnce(
      RegistryClientBuilder client, HostResolver resolver, TransportException.Kind kind) {
    AtomicInteger lookups = new AtomicInteger();
    HostResolver counting =
        host -> {
          lookups.incrementAndGet();
          return resolver.resolve(host);
        };
    try (RegistryClient c =
        client.resolver(counting).transport(t -> t.withMaxAttempts(5)).build()) {
      assertThatThrownBy(() -> c.manifest("app/small", "1.0")).satisfies(Failures.transport(kind));
    }
    assertThat(lookups).hasValue(1);
  }

  RegistryClientBuilder overHttps() {
    return client().endpoint(URI.create("https://" + FakeRegistry.CNAME + ":" + server.getPort()));
  }

  @Test
  void aCertificateForAnotherNameIsTriedExactlyOnce() throws Exception {
    Path ca = https(server, "other.example");
    assertTriedOnce(
        overHttps().trustedCertificates(ca),
        host -> List.of(InetAddress.getLoopbackAddress()),
        TransportException.Kind.TLS_NAME);
  }

  @Test
  void anUntrustedCertificateIsTriedExactlyOnce() throws Exception {
    https(server, "*.dkr.ecr.us-east-1.amazonaws.com"); // its CA is not trusted
    assertTriedOnce(
        overHttps(),
        host -> List.of(InetAddress.getLoopbackAddress()),
        TransportException.Kind.TLS_UNTRUSTED);
  }

  @Test
  void anUnknownHostIsTriedExactlyOnce() {
    assertTriedOnce(
        client(),
        host -> {
          throw new UnknownHostException(host);
        },
        TransportException.Kind.DNS);
  }

  // --- content ---

  @Test
  void aMalformedDockerContentDigestIsInvalidContent() {
    registry.manifest(
        RegistryPaths.manifest("app/small", "3.0"),
        new MockResponse.Builder()
            .setHeader("Docker-Content-Digest", "sha256:abc")
            .body(new Buffer().write(image.manifest()))
            .build());
    Failures.thrownBy(client().build(), client -> client.manifest("app/small", "3.0"))
        .satisfies(Failures.content(ContentException.Problem.INVALID))
        .hasMessageContaining("Docker-Content-Digest");
  }

  @Test
  void aBlobServedWithContentEncodingGzipIsHashedOverTheRawBytes() throws Exception {
    Buffer gz = new Buffer();
    try (GZIPOutputStream out = new GZIPOutputStream(gz.outputStream())) {
      out.write("a layer".repeat(1000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] raw = gz.readByteArray();
    FakeImage gzipped =
        new FakeImage(image.manifest(), image.manifestMediaType(), image.config(), List.of(raw));
    String manifest =
        FakeImage.manifest(
            image.config(), List.of(FakeImage.descriptor(MediaTypes.DOCKER_LAYER_GZIP, raw)));
    registry.manifest(
        RegistryPaths.manifest("app/small", "4.0"),
        new MockResponse.Builder().body(manifest).build());
    registry.override(
        RegistryPaths.blob("app/small", Digest.sha256(raw)),
        r ->
            new MockResponse.Builder()
                .setHeader("Content-Encoding", "gzip")
                .body(new Buffer().write(raw))
                .build());
    try (RegistryClient client = client().build()) {
      PulledImage pulled = client.pull("app/small", "4.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(raw);
    }
    assertThat(gzipped.layers()).hasSize(1);
    RecordedRequest blobGet = null;
    for (int i = server.getRequestCount(); i > 0; i--) {
      RecordedRequest r = server.takeRequest();
      if (r.getUrl().encodedPath().endsWith(Digest.sha256(raw).toString())) {
        blobGet = r;
      }
    }
    assertThat(blobGet).isNotNull();
    assertThat(blobGet.getHeaders().get("Accept-Encoding")).isEqualTo("identity");
  }

  @Test
  void anOversizedErrorBodyIsReadOnlyUpToItsLimit() {
    registry.override(
        RegistryPaths.manifest("app/small", "5.0"),
        r ->
            new MockResponse.Builder()
                .code(404)
                .body(
                    "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\""
                        + "x".repeat(8 << 20)
                        + "\"}]}")
                .build());
    Failures.thrownBy(client().build(), client -> client.manifest("app/small", "5.0"))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(100_000));
  }

  @Test
  void aServerErrorOnTheManifestPutLeavesNoTag() {
    registry.override(
        RegistryPaths.manifest("app/pushed", "1.0"),
        r -> new MockResponse.Builder().code(500).build());
    try (RegistryClient client = client().transport(t -> t.withMaxAttempts(2)).build()) {
      assertThatThrownBy(
              () ->
                  client.push(
                      "app/pushed", "1.0", new MemoryImageSource(FakeImage.create("amd64", 100))))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.status()).isEqualTo(500));
    }
    assertThat(registry.pushedManifests()).isEmpty();
  }

  @Test
  void a404FromS3AfterTheRedirectIsNotBlamedOnTheRegistryHost() {
    registry.override(
        layerPath,
        r ->
            FakeRegistry.redirect(
                "http://bucket.s3.amazonaws.com:"
                    + third.getPort()
                    + "/layer?X-Amz-Signature=s3cretsig"));
    third.enqueue(new MockResponse.Builder().code(404).build());
    try (RegistryClient client = client().transport(t -> t.withMaxAttempts(1)).build()) {
      assertThatThrownBy(() -> client.pull("app/small", "1.0"))
          .isInstanceOfSatisfying(
              NotFoundException.class, e -> assertThat(e.fromRegistry()).isFalse())
          .hasMessageContaining("bucket.s3.amazonaws.com")
          .hasMessageNotContaining("s3cretsig")
          .hasMessageNotContaining("registry host");
    }
  }

  @Test
  void aConnectionResetInTheMiddleOfABlobIsResumedWithRangeToTheRightBytes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    registry.override(
        layerPath,
        r ->
            calls.incrementAndGet() == 1
                ? new MockResponse.Builder()
                    .body(new Buffer().write(layer))
                    .throttleBody(16 * 1024, 50, TimeUnit.MILLISECONDS)
                    .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
                    .build()
                : rangeAnswer(layer, r));
    try (RegistryClient client = client().build()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void anExpiredCertificateIsRefusedAndTriedOnce() throws Exception {
    long dayAgo = System.currentTimeMillis() - 86_400_000L;
    Path caFile =
        TestClients.https(
            server,
            new HeldCertificate.Builder()
                .addSubjectAlternativeName("*.dkr.ecr.us-east-1.amazonaws.com")
                .validityInterval(dayAgo - 86_400_000L, dayAgo),
            cache.getParent());
    assertTriedOnce(
        overHttps().trustedCertificates(caFile),
        host -> List.of(InetAddress.getLoopbackAddress()),
        TransportException.Kind.TLS_UNTRUSTED);
  }

  @Test
  void aConfigDeclaringMoreThanSixteenMebibytesIsRefusedBeforeAnyDownload() {
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.DOCKER_MANIFEST
            + "\",\"config\":{\"mediaType\":\""
            + MediaTypes.DOCKER_CONFIG
            + "\",\"digest\":\""
            + Digest.sha256(image.config())
            + "\",\"size\":"
            + (17L << 20)
            + "},\"layers\":[]}";
    registry.manifest(
        RegistryPaths.manifest("app/small", "6.0"),
        new MockResponse.Builder().body(manifest).build());
    Failures.thrownBy(client().build(), client -> client.pull("app/small", "6.0"))
        .satisfies(Failures.content(ContentException.Problem.TOO_LARGE));
  }
}
