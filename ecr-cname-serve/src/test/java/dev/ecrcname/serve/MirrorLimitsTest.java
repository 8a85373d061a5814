package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.HeldBlob;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror's bounds on what one client can make it hold: upstream requests and blob streams at
 * once (429 with an OCI error body beyond them), and the size of a request's headers (431). The
 * first request is held by a scripted registry that answers only when the test lets it, so the
 * second always finds the slot taken.
 */
class MirrorLimitsTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;
  @Nullable HeldBlob blob;
  final ExecutorService background = Executors.newCachedThreadPool();

  @AfterEach
  void letGo() {
    if (blob != null) {
      blob.release();
    }
    background.shutdownNow();
  }

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  /** An OCI manifest served by tag, so a request that gets through shows it did. */
  void manifestByTag() {
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + Digest.sha256("config")
                + "\",\"size\":6},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    registry.manifest(
        RegistryPaths.manifest("app/small", "1.0"),
        new MockResponse.Builder()
            .setHeader("Content-Type", MediaTypes.OCI_MANIFEST)
            .setHeader("Docker-Content-Digest", Digest.sha256(manifest).toString())
            .body(new Buffer().write(manifest))
            .build());
  }

  static Response get(MirrorServer mirror, String path) throws IOException {
    return Mirrors.HTTP.newCall(new Request.Builder().url(mirror.uri() + path).build()).execute();
  }

  Future<byte[]> getInBackground(MirrorServer mirror, String path) {
    return background.submit(
        () -> {
          try (Response r = get(mirror, path)) {
            assertThat(r.code()).isEqualTo(200);
            return r.body().bytes();
          }
        });
  }

  static void assertTooManyRequests(Response r) throws IOException {
    assertThat(r.code()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isEqualTo("1");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.body().string()).contains("\"code\":\"TOOMANYREQUESTS\"");
  }

  @Test
  void beyondTheUpstreamLimitARequestGets429WithAnOciErrorAndTheFirstCompletes() throws Exception {
    blob = HeldBlob.serve(registry, "app/small", 256 * 1024, 11, HeldBlob.Hold.BEFORE_ANSWER);
    Digest held = Digest.parse(blob.digest());
    manifestByTag();
    try (RegistryClient client = client();
        MirrorServer mirror =
            MirrorServer.builder()
                .client(client)
                .port(0)
                .maxUpstream(1)
                .queueTimeout(Duration.ofMillis(200))
                .start()) {
      Future<byte[]> first = getInBackground(mirror, RegistryPaths.blob("app/small", held));
      assertThat(blob.awaitRequested(Duration.ofSeconds(30)))
          .as("the first request reached upstream")
          .isTrue();

      try (Response second = get(mirror, RegistryPaths.manifest("app/small", "1.0"))) {
        assertTooManyRequests(second);
      }

      blob.release();
      assertThat(Digest.sha256(first.get(30, TimeUnit.SECONDS))).isEqualTo(held);
      try (Response after = get(mirror, RegistryPaths.manifest("app/small", "1.0"))) {
        assertThat(after.code()).as("with the slot free again").isEqualTo(200);
      }
    }
  }

  @Test
  void beyondTheBlobStreamLimitABlobGets429WhileAManifestStillPasses() throws Exception {
    blob = HeldBlob.serve(registry, "app/small", 256 * 1024, 11, HeldBlob.Hold.BEFORE_ANSWER);
    Digest held = Digest.parse(blob.digest());
    manifestByTag();
    try (RegistryClient client = client();
        MirrorServer mirror =
            MirrorServer.builder()
                .client(client)
                .port(0)
                .maxBlobStreams(1)
                .queueTimeout(Duration.ofMillis(200))
                .start()) {
      Future<byte[]> first = getInBackground(mirror, RegistryPaths.blob("app/small", held));
      assertThat(blob.awaitRequested(Duration.ofSeconds(30)))
          .as("the first request reached upstream")
          .isTrue();

      try (Response second =
          get(mirror, RegistryPaths.blob("app/small", Digest.sha256("another")))) {
        assertTooManyRequests(second);
      }
      try (Response manifest = get(mirror, RegistryPaths.manifest("app/small", "1.0"))) {
        assertThat(manifest.code()).isEqualTo(200);
      }

      blob.release();
      assertThat(Digest.sha256(first.get(30, TimeUnit.SECONDS))).isEqualTo(held);
    }
    assertThat(registry.requests())
        .as("the refused blob was never asked for upstream")
        .noneMatch(r -> r.getUrl().encodedPath().endsWith(Digest.sha256("another").hex()));
  }

  static Response withHeader(MirrorServer mirror, int bytes) throws IOException {
    return Mirrors.HTTP
        .newCall(
            new Request.Builder()
                .url(mirror.uri() + RegistryPaths.base())
                .header("X-Padding", "a".repeat(bytes))
                .build())
        .execute();
  }

  @Test
  void requestHeadersOverTheDefaultEightKibibytesGet431() throws Exception {
    try (RegistryClient client = client();
        MirrorServer mirror = MirrorServer.builder().client(client).port(0).start()) {
      try (Response r = withHeader(mirror, 9 * 1024)) {
        assertThat(r.code()).isEqualTo(431);
      }
      try (Response r = withHeader(mirror, 4 * 1024)) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }

  @Test
  void theRequestHeaderLimitIsTheOneConfigured() throws Exception {
    try (RegistryClient client = client();
        MirrorServer mirror =
            MirrorServer.builder()
                .client(client)
                .port(0)
                .maxRequestHeaderBytes(16 * 1024)
                .start()) {
      try (Response r = withHeader(mirror, 9 * 1024)) {
        assertThat(r.code()).isEqualTo(200);
      }
      try (Response r = withHeader(mirror, 17 * 1024)) {
        assertThat(r.code()).isEqualTo(431);
      }
    }
  }
}
