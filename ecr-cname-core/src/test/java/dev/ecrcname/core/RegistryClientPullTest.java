package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientPullTest {
  static final String REGISTRY = FakeRegistry.REGISTRY;

  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  final MockWebServer server = registry.server();
  @TempDir Path cache;

  RegistryClientBuilder client() {
    return TestClients.fake(registry, cache);
  }

  @Test
  void pullsManifestConfigAndLayersVerified() throws Exception {
    FakeImage image = FakeImage.create("amd64", 1000, 50_000);
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client().build()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(pulled.manifestDigest()).isEqualTo(image.digest());
      assertThat(pulled.configBytes()).isEqualTo(image.config());
      assertThat(pulled.imageId()).isEqualTo(Digest.sha256(image.config()));
      assertThat(pulled.layers()).hasSize(2);
      assertThat(Files.readAllBytes(pulled.layers().get(1).blob()))
          .isEqualTo(image.layers().get(1));
      assertThat(pulled.reference())
          .isEqualTo(ImageReference.parse(REGISTRY + "/app/small:1.0@" + image.digest()));
    }
  }

  @Test
  void manifestRequestAcceptsEveryManifestType() throws Exception {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 10));
    try (RegistryClient client = client().build()) {
      client.manifest("app/small", "1.0");
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Accept")).contains(FakeImage.MANIFEST_TYPES);
  }

  @Test
  void pullByDigestRefusesBytesOfAnotherDigest() {
    FakeImage image = FakeImage.create("amd64", 10);
    Digest other = Digest.sha256("something else");
    registry.manifest(
        RegistryPaths.manifest("app/small", other),
        new MockResponse.Builder().body(new Buffer().write(image.manifest())).build());
    Failures.thrownBy(client().build(), client -> client.pull("app/small", other.toString()))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining(other.toString());
  }

  @Test
  void pullByTagRefusesBytesThatDoNotMatchDockerContentDigest() {
    FakeImage image = FakeImage.create("amd64", 10);
    registry.manifest(
        RegistryPaths.manifest("app/small", "1.0"),
        new MockResponse.Builder()
            .setHeader("Docker-Content-Digest", Digest.sha256("not it").toString())
            .body(new Buffer().write(image.manifest()))
            .build());
    Failures.thrownBy(client().build(), client -> client.pull("app/small", "1.0"))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("Docker-Content-Digest");
  }

  @Test
  void manifestOverFourMebibytesIsRefused() {
    Buffer huge = new Buffer().write(new byte[4 * 1024 * 1024 + 1]);
    registry.manifest(
        RegistryPaths.manifest("app/big", "1.0"), new MockResponse.Builder().body(huge).build());
    Failures.thrownBy(client().build(), client -> client.pull("app/big", "1.0"))
        .satisfies(Failures.content(ContentException.Problem.TOO_LARGE))
        .hasMessageContaining("4 MiB");
  }

  @Test
  void corruptBlobIsDeletedAndReportedAsDigestMismatch() throws IOException {
    Digest layer = FakeImage.create("amd64", 5000).serveCorrupt(registry, 0, 100);
    Failures.thrownBy(client().build(), client -> client.pull("app/small", "1.0"))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining(layer.toString());
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString))
          .noneMatch(name -> name.equals(layer.hex()) || name.endsWith(".part"));
    }
  }

  @Test
  void rePullFetchesNoLayerBytes() {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 20_000, 30_000));
    AtomicLong transferred = new AtomicLong();
    TransferListener counting =
        new TransferListener() {
          @Override
          public void transferred(Descriptor descriptor, long bytes) {
            transferred.addAndGet(bytes);
          }
        };
    try (RegistryClient client = client().transferListener(counting).build()) {
      client.pull("app/small", "1.0");
      assertThat(transferred.get()).isGreaterThanOrEqualTo(50_000);
      transferred.set(0);
      client.pull("app/small", "1.0");
      assertThat(transferred.get()).isZero();
    }
  }

  @Test
  void indexSelectsTheRequestedPlatform() {
    FakeImage amd = FakeImage.create("amd64", 100);
    FakeImage arm = FakeImage.create("arm64", 200);
    registry.image("app/multi", "amd", amd).image("app/multi", "arm", arm);
    serveIndex(entry(amd, "amd64", null), entry(arm, "arm64", "v8"));
    try (RegistryClient client = client().build()) {
      PulledImage pulled = client.pull("app/multi", "1.0", Platform.parse("linux/arm64"));
      assertThat(pulled.manifestDigest()).isEqualTo(arm.digest());
      assertThat(pulled.configBytes()).isEqualTo(arm.config());
      assertThatThrownBy(() -> client.pull("app/multi", "1.0", Platform.parse("linux/s390x")))
          .isInstanceOf(PlatformNotFoundException.class)
          .hasMessageContaining("linux/amd64")
          .hasMessageContaining("linux/arm64/v8");
    }
  }

  /** A buildx attestation manifest, as an index lists it: platform unknown/unknown. */
  private static String attestation(FakeImage image) {
    return indexEntry(
        image,
        MediaTypes.OCI_MANIFEST,
        ",\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}"
            + ",\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"}");
  }

  @Test
  void attestationEntriesAreNeitherPickedNorOffered() {
    FakeImage provenance = FakeImage.create("unknown", 30);
    FakeImage arm = FakeImage.create("arm64", 200);
    registry.image("app/multi", "att", provenance).image("app/multi", "arm", arm);
    serveIndex(attestation(provenance), entry(arm, "arm64", "v8"));
    try (RegistryClient client = client().build()) {
      assertThatThrownBy(
              () -> client.pull("app/multi", "1.0", new Platform("unknown", "unknown", "")))
          .isInstanceOfSatisfying(
              PlatformNotFoundException.class,
              e -> assertThat(e.available()).containsExactly(Platform.parse("linux/arm64/v8")));
    }
  }

  @Test
  void clientWithoutAPlatformPullsTheEntryForThisJvm() {
    Platform current = Platform.current();
    String other = current.architecture().equals("arm64") ? "amd64" : "arm64";
    FakeImage provenance = FakeImage.create("unknown", 30);
    FakeImage mine = FakeImage.create(current.architecture(), 100);
    FakeImage theirs = FakeImage.create(other, 200);
    registry
        .image("app/multi", "att", provenance)
        .image("app/multi", "mine", mine)
        .image("app/multi", "theirs", theirs);
    serveIndex(
        attestation(provenance),
        entry(theirs, other, null),
        entry(mine, current.architecture(), null));
    // TestClients.fake fixes linux/amd64; this client keeps the builder's default.
    try (RegistryClient client =
        RegistryClient.builder()
            .endpoint(
                java.net.URI.create(
                    "http://" + FakeRegistry.CNAME + ":" + registry.server().getPort()))
            .registryHost(FakeRegistry.REGISTRY)
            .credentials(CredentialsProvider.basic("AWS", "s3cret"))
            .resolver(host -> List.of(java.net.InetAddress.getLoopbackAddress()))
            .cacheDirectory(cache)
            .allowInsecureHttp()
            .build()) {
      assertThat(client.pull("app/multi", "1.0").manifestDigest()).isEqualTo(mine.digest());
    }
  }

  /** Serves app/multi:1.0 as an OCI index of {@code entries}. */
  private void serveIndex(String... entries) {
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + String.join(",", entries)
            + "]}";
    registry.manifest(
        RegistryPaths.manifest("app/multi", "1.0"), new MockResponse.Builder().body(index).build());
  }

  private static String entry(FakeImage image, String arch, String variant) {
    return indexEntry(
        image,
        MediaTypes.DOCKER_MANIFEST,
        ",\"platform\":{\"os\":\"linux\",\"architecture\":\""
            + arch
            + "\""
            + (variant == null ? "" : ",\"variant\":\"" + variant + "\"")
            + "}");
  }

  /** An index's descriptor of {@code image} as {@code mediaType}, with {@code fields} added. */
  private static String indexEntry(FakeImage image, String mediaType, String fields) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + image.digest()
        + "\",\"size\":"
        + image.manifest().length
        + fields
        + "}";
  }

  @Test
  void missingTagNamesTagAndRegistry() {
    try (RegistryClient client = client().build()) {
      assertThatThrownBy(() -> client.pull("app/small", "nope"))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("app/small:nope")
          .hasMessageContaining(REGISTRY)
          .satisfies(
              e ->
                  assertThat(((RegistryException) e).code())
                      .isEqualTo(RegistryException.ErrorCode.MANIFEST_UNKNOWN));
    }
  }

  @Test
  void invalidRepositoryNameIsRefusedBeforeAnyRequest() {
    Failures.thrownBy(client().build(), client -> client.pull("App/../x", "1.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid repository name");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void biggestLayersAreDownloadedFirst() throws Exception {
    FakeImage image = FakeImage.create("amd64", 1_000, 50_000, 5_000);
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client().transport(t -> t.withParallelism(1)).build()) {
      client.pull("app/small", "1.0");
    }
    List<String> layerRequests = new ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      String target = server.takeRequest().getTarget();
      if (!target.contains(Digest.sha256(image.config()).hex()) && target.contains("/blobs/")) {
        layerRequests.add(target);
      }
    }
    // One download thread takes the layers in submission order: largest first, whatever the
    // manifest order.
    assertThat(layerRequests)
        .containsExactly(
            RegistryPaths.blob("app/small", Digest.sha256(image.layers().get(1))),
            RegistryPaths.blob("app/small", Digest.sha256(image.layers().get(2))),
            RegistryPaths.blob("app/small", Digest.sha256(image.layers().get(0))));
  }

  @Test
  void layerListedTwiceIsDownloadedOnce() throws Exception {
    FakeImage image = FakeImage.create("amd64", 10_000);
    byte[] layer = image.layers().get(0);
    String twice = FakeImage.descriptor(MediaTypes.DOCKER_LAYER_GZIP, layer);
    String manifest = FakeImage.manifest(image.config(), List.of(twice, twice));
    registry.image("app/small", "1.0", image);
    registry.manifest(
        RegistryPaths.manifest("app/small", "2.0"),
        new MockResponse.Builder().body(manifest).build());
    try (RegistryClient client = client().build()) {
      PulledImage pulled = client.pull("app/small", "2.0");
      assertThat(pulled.layers()).hasSize(2);
      assertThat(pulled.layers().get(1).blob()).isEqualTo(pulled.layers().get(0).blob());
      assertThat(Files.readAllBytes(pulled.layers().get(1).blob())).isEqualTo(layer);
    }
    long layerGets = 0;
    for (int i = server.getRequestCount(); i > 0; i--) {
      if (server.takeRequest().getTarget().endsWith(Digest.sha256(layer).toString())) {
        layerGets++;
      }
    }
    assertThat(layerGets).isEqualTo(1);
  }
}
