package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transport behaviour seen through the client: auth, retries, resume, redirects, Host and
 * pagination.
 */
class RegistryClientHttpTest {
  static final String REGISTRY = FakeRegistry.REGISTRY;
  static final String S3 = "prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com";

  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  final MockWebServer server = registry.server();
  final MockWebServer s3 = registry.other();
  @TempDir Path cache;

  RegistryClientBuilder client(CredentialsProvider credentials) {
    return TestClients.fake(registry, cache).credentials(credentials);
  }

  RegistryClient client() {
    return client(CredentialsProvider.basic("AWS", "s3cret")).build();
  }

  @Test
  void cnameHopsCarryTheRegistryHostAndBasicCredentials() throws Exception {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 10));
    try (RegistryClient client = client()) {
      client.manifest("app/small", "1.0");
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Host")).isEqualTo(REGISTRY + ":" + server.getPort());
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("AWS", "s3cret"));
  }

  @Test
  void everyRegistryHopOfAPullCarriesTheRegistryHostAndBasicCredentials() {
    registry
        .image("app/small", "1.0", FakeImage.create("amd64", 10, 20))
        .require(
            RegistryPaths.base(),
            REGISTRY + ":" + server.getPort(),
            okhttp3.Credentials.basic("AWS", "s3cret"));
    try (RegistryClient client = client()) {
      assertThat(client.pull("app/small", "1.0").layers()).hasSize(2);
    }
    assertThat(server.getRequestCount())
        .as("manifest, config and two layers")
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void redirectToS3CarriesNoAuthorizationNorRegistryHost() throws Exception {
    FakeImage image = FakeImage.create("amd64", 3000);
    registry.image("app/small", "1.0", image);
    Digest layer = Digest.sha256(image.layers().get(0));
    String presigned =
        "/layer?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261127%2Fus-east-1"
            + "%2Fs3%2Faws4_request&X-Amz-Signature=ab%2Bcd%3D";
    registry.override(
        RegistryPaths.blob("app/small", layer),
        r -> FakeRegistry.redirect("http://" + S3 + ":" + s3.getPort() + presigned));
    s3.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            return r.getHeaders().get("Authorization") != null
                ? new MockResponse.Builder()
                    .code(400)
                    .body("Only one auth mechanism allowed")
                    .build()
                : new MockResponse.Builder()
                    .body(new Buffer().write(image.layers().get(0)))
                    .build();
          }
        });
    try (RegistryClient client = client()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob()))
          .isEqualTo(image.layers().get(0));
    }
    RecordedRequest atS3 = s3.takeRequest();
    assertThat(atS3.getTarget()).isEqualTo(presigned);
    assertThat(atS3.getHeaders().get("Authorization")).isNull();
    assertThat(atS3.getHeaders().get("Host")).isEqualTo(S3 + ":" + s3.getPort());
  }

  @Test
  void redirectFromHttpsToHttpIsRefused() throws Exception {
    Path caFile = TestClients.https(server, "*.dkr.ecr.us-east-1.amazonaws.com", cache);
    FakeImage image = FakeImage.create("amd64", 10);
    registry.image("app/small", "1.0", image);
    registry.override(
        RegistryPaths.blob("app/small", Digest.sha256(image.layers().get(0))),
        r -> FakeRegistry.redirect("http://" + S3 + "/x"));
    try (RegistryClient client =
        client(CredentialsProvider.basic("AWS", "pw"))
            .endpoint(URI.create("https://" + FakeRegistry.CNAME + ":" + server.getPort()))
            .trustedCertificates(caFile)
            .transport(t -> t.withMaxAttempts(1))
            .build()) {
      assertThatThrownBy(() -> client.pull("app/small", "1.0"))
          .hasMessageContaining("refusing redirect from https to http");
    }
    assertThat(s3.getRequestCount()).isZero();
  }

  @Test
  void redirectLoopsAreBounded() {
    FakeImage image = FakeImage.create("amd64", 10);
    registry.image("app/small", "1.0", image);
    String path = RegistryPaths.blob("app/small", Digest.sha256(image.layers().get(0)));
    registry.override(path, r -> FakeRegistry.redirect(path));
    Failures.thrownBy(
            client(CredentialsProvider.basic("AWS", "pw"))
                .transport(t -> t.withMaxAttempts(1))
                .build(),
            client -> client.pull("app/small", "1.0"))
        .hasMessageContaining("too many redirects");
  }

  @Test
  void throttlingIsRetriedHonouringRetryAfter() {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 10));
    AtomicInteger calls = new AtomicInteger();
    MockResponse ok = registry.manifestAnswer(RegistryPaths.manifest("app/small", "1.0"));
    registry.override(
        RegistryPaths.manifest("app/small", "1.0"),
        r ->
            calls.incrementAndGet() == 1
                ? new MockResponse.Builder()
                    .code(429)
                    .setHeader("Retry-After", "0")
                    .body(
                        "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"Rate exceeded\"}]}")
                    .build()
                : ok);
    try (RegistryClient client = client()) {
      assertThat(client.manifest("app/small", "1.0").bytes()).isNotEmpty();
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void persistentThrottlingEndsInATypedError() {
    registry.override(
        RegistryPaths.manifest("app/small", "1.0"),
        r ->
            new MockResponse.Builder()
                .code(429)
                .body("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"Rate exceeded\"}]}")
                .build());
    try (RegistryClient client =
        client(CredentialsProvider.basic("AWS", "pw"))
            .transport(t -> t.withMaxAttempts(3))
            .build()) {
      assertThatThrownBy(() -> client.manifest("app/small", "1.0"))
          .isInstanceOf(RegistryException.class)
          .satisfies(
              e ->
                  assertThat(((RegistryException) e).code())
                      .isEqualTo(RegistryException.ErrorCode.TOOMANYREQUESTS));
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void unauthorizedInvalidatesCredentialsOnceAndRetries() {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 10));
    RotatingCredentials rotating = new RotatingCredentials();
    String fresh = okhttp3.Credentials.basic("AWS", "token-1");
    MockResponse ok = registry.manifestAnswer(RegistryPaths.manifest("app/small", "1.0"));
    registry.override(
        RegistryPaths.manifest("app/small", "1.0"),
        r ->
            fresh.equals(r.getHeaders().get("Authorization"))
                ? ok
                : new MockResponse.Builder()
                    .code(401)
                    .setHeader("WWW-Authenticate", "Basic realm=\"x\"")
                    .build());
    try (RegistryClient client = client(rotating).build()) {
      assertThat(client.manifest("app/small", "1.0").bytes()).isNotEmpty();
    }
    assertThat(rotating.invalidations).hasValue(1);
  }

  @Test
  void secondUnauthorizedNamesHostAndHidesPassword() {
    registry.override(
        RegistryPaths.manifest("app/small", "1.0"),
        r ->
            new MockResponse.Builder()
                .code(401)
                .setHeader(
                    "WWW-Authenticate",
                    "Basic realm=\"https://" + REGISTRY + "/\",service=\"ecr.amazonaws.com\"")
                .build());
    Failures.thrownBy(client(), client -> client.manifest("app/small", "1.0"))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining(REGISTRY)
        .hasMessageContaining("registry host")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining(okhttp3.Credentials.basic("AWS", "s3cret"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void notFoundWithoutRegistryErrorPointsAtTheRegistryHost() {
    registry.override(
        RegistryPaths.manifest("app/small", "1.0"),
        r -> new MockResponse.Builder().code(404).body("").build());
    Failures.thrownBy(client(), client -> client.manifest("app/small", "1.0"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("Host header sent was " + REGISTRY)
        .hasMessageContaining("check that the registry host is the ECR host");
  }

  @Test
  void truncatedBlobIsResumedWithRange() throws Exception {
    FakeImage image = FakeImage.create("amd64", 400_000);
    registry.image("app/small", "1.0", image);
    byte[] layer = image.layers().get(0);
    String path = RegistryPaths.blob("app/small", Digest.sha256(layer));
    AtomicInteger calls = new AtomicInteger();
    registry.override(
        path,
        r -> {
          String range = r.getHeaders().get("Range");
          if (calls.incrementAndGet() == 1) {
            return new MockResponse.Builder()
                .body(new Buffer().write(layer))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                .build();
          }
          return resumed(layer, range);
        });
    try (RegistryClient client = client()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void tagsFollowAbsoluteLinkPagesOnTheCname() throws Exception {
    registry.override(
        RegistryPaths.tags("app/many"),
        r ->
            r.getUrl().queryParameter("last") == null
                ? new MockResponse.Builder()
                    .body("{\"name\":\"app/many\",\"tags\":[\"a\",\"b\"]}")
                    .setHeader(
                        "Link",
                        "<https://"
                            + REGISTRY
                            + ":"
                            + server.getPort()
                            + RegistryPaths.tags("app/many")
                            + "?last=b3BhcXVl&n=2>; rel=\"next\"")
                    .build()
                : new MockResponse.Builder()
                    .body("{\"name\":\"app/many\",\"tags\":[\"c\"]}")
                    .build());
    try (RegistryClient client = client()) {
      assertThat(client.listTags("app/many")).containsExactly("a", "b", "c");
    }
    assertThat(server.takeRequest().getTarget())
        .isEqualTo(RegistryPaths.tags("app/many") + "?n=1000");
    RecordedRequest second = server.takeRequest();
    assertThat(second.getTarget()).isEqualTo(RegistryPaths.tags("app/many") + "?last=b3BhcXVl&n=2");
    assertThat(second.getHeaders().get("Host")).isEqualTo(REGISTRY + ":" + server.getPort());
  }

  /** Issue 21, defect 18: the parser's reason, not Gson's class names and troubleshooting link. */
  @Test
  void aMalformedTagPageIsInvalidContentInOneLineWithoutTheParsersOwnWords() {
    registry.override(
        RegistryPaths.tags("app/many"),
        r -> new MockResponse.Builder().body("{\"tags\":[\"a\" \"b\"]}").build());
    try (RegistryClient client = client()) {
      assertThatThrownBy(() -> client.listTags("app/many"))
          .satisfies(Failures.content(ContentException.Problem.INVALID))
          .hasMessageContaining("is not valid JSON: ")
          .hasMessageContaining("line 1 column")
          .hasMessageNotContaining("com.google.gson")
          .hasMessageNotContaining("https://")
          .hasMessageNotContaining("\n");
    }
  }

  /** A 206 with {@code blob} from where {@code range} ({@code bytes=N-}) starts. */
  static MockResponse resumed(byte[] blob, String range) {
    int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
    return new MockResponse.Builder()
        .code(206)
        .setHeader("Content-Range", "bytes " + from + "-" + (blob.length - 1) + "/" + blob.length)
        .body(new Buffer().write(blob, from, blob.length - from))
        .build();
  }

  @Test
  void stalledBlobTimesOutAndResumesWithRange() throws Exception {
    FakeImage image = FakeImage.create("amd64", 300_000);
    registry.image("app/small", "1.0", image);
    byte[] layer = image.layers().get(0);
    AtomicInteger calls = new AtomicInteger();
    registry.override(
        RegistryPaths.blob("app/small", Digest.sha256(layer)),
        r -> {
          if (calls.incrementAndGet() == 1) {
            // 64 KiB arrive, then nothing: a read timeout, which must be retried like any network
            // failure.
            return new MockResponse.Builder()
                .body(new Buffer().write(layer))
                .throttleBody(64 * 1024, 10, java.util.concurrent.TimeUnit.SECONDS)
                .build();
          }
          return resumed(layer, r.getHeaders().get("Range"));
        });
    try (RegistryClient client =
        client(CredentialsProvider.basic("AWS", "pw"))
            .transport(t -> t.withReadTimeout(Duration.ofMillis(300)))
            .build()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void foreignLayerIsFetchedFromItsUrlsWithoutCredentials() throws Exception {
    Path caFile = TestClients.https(s3, "mcr.example", cache);
    byte[] layer = "a windows base layer".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] config = "{\"os\":\"windows\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String url = "https://mcr.example:" + s3.getPort() + "/layer";
    String manifest =
        FakeImage.foreignManifest(config, layer, MediaTypes.DOCKER_FOREIGN_LAYER_GZIP, url);
    registry.manifest(
        RegistryPaths.manifest("app/win", "1.0"),
        new MockResponse.Builder().body(manifest).build());
    registry.override(
        RegistryPaths.blob("app/win", Digest.sha256(config)),
        r -> new MockResponse.Builder().body(new Buffer().write(config)).build());
    s3.enqueue(new MockResponse.Builder().body(new Buffer().write(layer)).build());
    try (RegistryClient client =
        client(CredentialsProvider.basic("AWS", "pw"))
            .trustedCertificates(caFile)
            .foreignLayerUrls(true)
            .build()) {
      PulledImage pulled = client.pull("app/win", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
    }
    RecordedRequest foreign = s3.takeRequest();
    assertThat(foreign.getTarget()).isEqualTo("/layer");
    assertThat(foreign.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void twoClientsSharingACacheBothGetVerifiedLayersAndLeaveNoTempFiles() throws Exception {
    FakeImage image = FakeImage.create("amd64", 500_000, 300_000);
    registry.image("app/small", "1.0", image);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try (RegistryClient a = client();
        RegistryClient b = client()) {
      var first = pool.submit(() -> a.pull("app/small", "1.0"));
      var second = pool.submit(() -> b.pull("app/small", "1.0"));
      for (PulledImage pulled : List.of(first.get(), second.get())) {
        assertThat(Files.readAllBytes(pulled.layers().get(0).blob()))
            .isEqualTo(image.layers().get(0));
      }
    } finally {
      pool.shutdownNow();
    }
    try (var files = Files.list(cache.resolve("tmp"))) {
      assertThat(files).isEmpty();
    }
  }
}
