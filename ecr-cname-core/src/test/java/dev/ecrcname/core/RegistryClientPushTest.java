package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientPushTest extends ScriptedRegistryTest {
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

  final MockWebServer server = registry.server();
  final FakeImage image = FakeImage.create("amd64", 70_000, 1_000);

  @Test
  void pushUploadsGzippedLayersConfigUnchangedAndManifestLast() throws Exception {
    PushResult result;
    try (RegistryClient client = client()) {
      result = client.push("app/pushed", "2.0", new MemoryImageSource(image));
    }
    byte[] manifest = registry.pushedManifests().get(RegistryPaths.manifest("app/pushed", "2.0"));
    assertThat(result.manifestDigest()).isEqualTo(Digest.sha256(manifest));
    assertThat(result.imageId()).isEqualTo(Digest.sha256(image.config()));
    assertThat(result.blobsUploaded()).isEqualTo(3);
    assertThat(registry.hasBlob("app/pushed", Digest.sha256(image.config()).toString())).isTrue();
    JsonObject json =
        JsonParser.parseString(new String(manifest, StandardCharsets.UTF_8)).getAsJsonObject();
    String layerDigest =
        json.getAsJsonArray("layers").get(0).getAsJsonObject().get("digest").getAsString();
    assertThat(registry.hasBlob("app/pushed", layerDigest)).isTrue();
    List<RecordedRequest> requests = registry.requests();
    assertThat(requests.get(requests.size() - 1).getRequestLine())
        .startsWith("PUT " + RegistryPaths.manifest("app/pushed", "2.0"));
    assertThat(requests.stream().filter(r -> r.getMethod().equals("PATCH"))).hasSize(3);
  }

  @Test
  void layersAreGzippedDeterministicallyFromTheUncompressedTar() throws Exception {
    try (RegistryClient client = client()) {
      client.push("app/pushed", "2.0", new MemoryImageSource(image));
    }
    JsonObject json = pushedManifest(RegistryPaths.manifest("app/pushed", "2.0"));
    JsonObject layer = json.getAsJsonArray("layers").get(0).getAsJsonObject();
    assertThat(layer.get("mediaType").getAsString())
        .isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");
    byte[] gz = registry.blob("app/pushed", layer.get("digest").getAsString());
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(image.layers().get(0));
    }
  }

  @Test
  void zstdAskedForPushesZstdLayersInAnOciManifest() throws Exception {
    PushOptions options =
        PushOptions.builder().format(ManifestFormat.OCI).layerCompression(Compression.ZSTD).build();
    try (RegistryClient client = client()) {
      client.push("app/pushed", "2.0", new MemoryImageSource(image), options);
    }
    JsonObject json =
        JsonParser.parseString(
                new String(
                    registry.pushedManifests().get(RegistryPaths.manifest("app/pushed", "2.0")),
                    StandardCharsets.UTF_8))
            .getAsJsonObject();
    assertThat(json.get("mediaType").getAsString()).isEqualTo(MediaTypes.OCI_MANIFEST);
    JsonObject layer = json.getAsJsonArray("layers").get(0).getAsJsonObject();
    assertThat(layer.get("mediaType").getAsString()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
    byte[] zstd = registry.blob("app/pushed", layer.get("digest").getAsString());
    try (var in = new ZstdInputStream(new ByteArrayInputStream(zstd))) {
      assertThat(in.readAllBytes()).isEqualTo(image.layers().get(0));
    }
  }

  @Test
  void zstdWithTheDockerFormatIsRefusedBeforeAnyWork() {
    assertThatThrownBy(() -> PushOptions.builder().layerCompression(Compression.ZSTD).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--format oci");
    assertThatThrownBy(() -> PushOptions.builder().layerCompression(Compression.NONE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gzip or zstd");
  }

  @Test
  void theSameLayerPushedTwiceFromEmptyCachesGetsTheSameDigest(@TempDir Path otherCache)
      throws Exception {
    FakeImage big =
        FakeImage.create("amd64", 3_500_000); // several gzip blocks, compressed on several threads
    try (RegistryClient client = client();
        RegistryClient other = TestClients.fake(registry, otherCache).build()) {
      client.push("app/first", "1.0", new MemoryImageSource(big));
      other.push("app/second", "1.0", new MemoryImageSource(big));
    }
    String first = layerDigest(RegistryPaths.manifest("app/first", "1.0"));
    assertThat(layerDigest(RegistryPaths.manifest("app/second", "1.0"))).isEqualTo(first);
    try (var in =
        new GZIPInputStream(new ByteArrayInputStream(registry.blob("app/second", first)))) {
      assertThat(in.readAllBytes()).isEqualTo(big.layers().get(0));
    }
  }

  /** Pushes {@link #image} as app/pushed:2.0. */
  PushResult push(PushOptions options) {
    try (RegistryClient client = client()) {
      return client.push("app/pushed", "2.0", new MemoryImageSource(image), options);
    }
  }

  /** The manifest pushed to {@code manifestPath}, parsed. */
  private JsonObject pushedManifest(String manifestPath) {
    return JsonParser.parseString(
            new String(registry.pushedManifests().get(manifestPath), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  private String layerDigest(String manifestPath) {
    return pushedManifest(manifestPath)
        .getAsJsonArray("layers")
        .get(0)
        .getAsJsonObject()
        .get("digest")
        .getAsString();
  }

  @Test
  void blobsTheRegistryHasAreSkippedByHead() throws Exception {
    try (RegistryClient client = client()) {
      client.push("app/pushed", "2.0", new MemoryImageSource(image));
      registry.requests();
      PushResult again = client.push("app/pushed", "2.1", new MemoryImageSource(image));
      assertThat(again.bytesUploaded()).isZero();
      assertThat(again.blobsSkipped()).isEqualTo(3);
    }
    assertThat(registry.requests())
        .extracting(RecordedRequest::getMethod)
        .containsOnly("HEAD", "PUT")
        .hasSize(4);
  }

  @Test
  void mountAnswered202IsTreatedAsUploadIt() throws Exception {
    AtomicInteger mounts = new AtomicInteger();
    registry.override(
        RegistryPaths.uploads("app/pushed"),
        r -> {
          if (r.getUrl().queryParameter("mount") != null) {
            mounts.incrementAndGet();
          }
          return registry.upload(r);
        });
    PushResult result = push(PushOptions.builder().mountFrom(List.of("app/base")).build());
    assertThat(result.blobsUploaded()).isEqualTo(3);
    assertThat(mounts).hasValue(3);
    assertThat(registry.requests()).filteredOn(r -> r.getMethod().equals("POST")).hasSize(3);
  }

  @Test
  void absoluteUploadLocationOnRegistryHostIsFollowedThroughTheCname() throws Exception {
    // The names all resolve to this server, so only the credentials (sent on the CNAME only) tell
    // whether a session URL on the registry host was dialled as the CNAME.
    registry.require(
        RegistryPaths.uploads("app/pushed"),
        REGISTRY + ":" + server.getPort(),
        okhttp3.Credentials.basic("AWS", "s3cret"));
    try (RegistryClient client = client()) {
      client.push("app/pushed", "2.0", new MemoryImageSource(image));
    }
    assertThat(registry.hasBlob("app/pushed", Digest.sha256(image.config()).toString())).isTrue();
    for (RecordedRequest r : registry.requests()) {
      assertThat(r.getHeaders().get("Host")).isEqualTo(REGISTRY + ":" + server.getPort());
      if (r.getMethod().equals("PATCH")) {
        assertThat(r.getTarget()).contains("?_state=st%2Bate%3D");
      }
    }
  }

  @Test
  void manifestDigestMismatchIsAnError() {
    registry.override(
        RegistryPaths.manifest("app/pushed", "2.0"),
        r ->
            new MockResponse.Builder()
                .code(201)
                .setHeader("Docker-Content-Digest", Digest.sha256("other").toString())
                .build());
    Failures.thrownBy(
            client(), client -> client.push("app/pushed", "2.0", new MemoryImageSource(image)))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("app/pushed:2.0");
  }

  @Test
  void serverErrorOnABlobRestartsItsUploadSessionAndCountsProgressOnce() throws Exception {
    AtomicInteger patches = new AtomicInteger();
    registry.override(
        RegistryPaths.upload("app/pushed", "u1"),
        r ->
            r.getMethod().equals("PATCH") && patches.incrementAndGet() == 1
                ? new MockResponse.Builder().code(503).build()
                : registry.upload(r));
    java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
    TransferListener counting =
        new TransferListener() {
          @Override
          public void transferred(Descriptor descriptor, long bytes) {
            progress.addAndGet(bytes);
          }
        };
    PushResult result = push(PushOptions.builder().listener(counting).build());
    assertThat(result.blobsUploaded()).isEqualTo(3);
    assertThat(progress.get()).isEqualTo(result.bytesUploaded());
    assertThat(registry.requests()).filteredOn(r -> r.getMethod().equals("POST")).hasSize(4);
  }

  @Test
  void unauthorizedInTheMiddleOfAnUploadRefreshesCredentialsOnceAndTheUploadCompletes()
      throws Exception {
    RotatingCredentials rotating = new RotatingCredentials();
    AtomicInteger patches = new AtomicInteger();
    // The token expires between the POST that opened the session and its PATCH.
    registry.override(
        RegistryPaths.upload("app/pushed", "u1"),
        r ->
            r.getMethod().equals("PATCH") && patches.incrementAndGet() == 1
                ? new MockResponse.Builder()
                    .code(401)
                    .setHeader("WWW-Authenticate", "Basic realm=\"x\"")
                    .build()
                : registry.upload(r));
    try (RegistryClient client = TestClients.fake(registry, cache).credentials(rotating).build()) {
      PushResult result = client.push("app/pushed", "2.0", new MemoryImageSource(image));
      assertThat(result.blobsUploaded()).isEqualTo(3);
    }
    assertThat(rotating.invalidations).hasValue(1);
    JsonObject manifest = pushedManifest(RegistryPaths.manifest("app/pushed", "2.0"));
    for (var layer : manifest.getAsJsonArray("layers")) {
      String digest = layer.getAsJsonObject().get("digest").getAsString();
      assertThat(registry.hasBlob("app/pushed", digest)).as(digest).isTrue();
    }
  }

  @Test
  void failedBlobLeavesTheTagUntouched() throws Exception {
    registry.override(
        RegistryPaths.uploads("app/pushed"), r -> new MockResponse.Builder().code(500).build());
    Failures.thrownBy(
            client(), client -> client.push("app/pushed", "2.0", new MemoryImageSource(image)))
        .isInstanceOf(RegistryException.class);
    assertThat(registry.pushedManifests()).isEmpty();
  }

  @Test
  void headAnsweredWithRedirectMeansTheBlobExistsAndIsNotFollowed() throws Exception {
    Digest config = Digest.sha256(image.config());
    registry.override(
        RegistryPaths.blob("app/pushed", config),
        r ->
            r.getMethod().equals("HEAD")
                ? FakeRegistry.redirect("https://s3.example/presigned-for-get")
                : new MockResponse.Builder().code(405).build());
    try (RegistryClient client = client()) {
      PushResult result = client.push("app/pushed", "2.0", new MemoryImageSource(image));
      assertThat(result.blobsSkipped()).isEqualTo(1);
      assertThat(result.blobsUploaded()).isEqualTo(2);
    }
  }

  @Test
  void mountTriesEverySourceCancellingSessionsItDoesNotUse() throws Exception {
    registry.override(
        RegistryPaths.uploads("app/pushed"),
        r ->
            "app/second".equals(r.getUrl().queryParameter("from"))
                ? new MockResponse.Builder().code(201).build()
                : registry.upload(r));
    PushResult result =
        push(PushOptions.builder().mountFrom(List.of("app/first", "app/second")).build());
    assertThat(result.blobsSkipped()).isEqualTo(3);
    assertThat(result.bytesUploaded()).isZero();
    List<RecordedRequest> requests = registry.requests();
    assertThat(requests).filteredOn(r -> r.getMethod().equals("DELETE")).hasSize(3);
    assertThat(requests).filteredOn(r -> r.getMethod().equals("PATCH")).isEmpty();
  }

  @Test
  void aPulledImagePushesFromItsCachedBlobsWithTheSameImageIdAndNoDownload() throws Exception {
    FakeImage pulled = FakeImage.create("amd64", 70_000, 1_000);
    registry.image("app/small", "1.0", pulled);
    try (RegistryClient client = client()) {
      PulledImage image = client.pull("app/small", "1.0");
      registry.requests();

      PushResult result = client.push(ImageReference.of("app/retagged", "2.0"), image);

      assertThat(result.imageId()).isEqualTo(image.imageId());
      assertThat(result.blobsUploaded()).isEqualTo(3);
      pulled
          .blobs()
          .forEach(
              (d, bytes) ->
                  assertThat(registry.blob("app/retagged", d.toString())).isEqualTo(bytes));
    }
    assertThat(registry.requests())
        .noneMatch(r -> r.getMethod().equals("GET"))
        .last()
        .satisfies(
            r ->
                assertThat(r.getRequestLine())
                    .startsWith("PUT " + RegistryPaths.manifest("app/retagged", "2.0")));
    String manifest =
        new String(
            registry.pushedManifests().get(RegistryPaths.manifest("app/retagged", "2.0")),
            StandardCharsets.UTF_8);
    assertThat(manifest).contains(MediaTypes.DOCKER_MANIFEST);
    pulled.blobs().keySet().forEach(d -> assertThat(manifest).contains(d.toString()));
  }
}
