package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientCopyTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @RegisterExtension final FakeRegistry other = new FakeRegistry();
  final FakeImage image = FakeImage.create("amd64", 70_000, 1_000);
  final FakeImage arm = FakeImage.create("arm64", 50_000);
  @TempDir Path cache;
  @TempDir Path otherCache;

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  static ImageReference ref(String text) {
    return ImageReference.parse(text);
  }

  void serveIndex(String repository, String tag, byte[] index) {
    FakeImage.serveIndex(registry, repository, tag, index);
  }

  @Test
  void mountAnswered201MovesNoBlobBytes() throws Exception {
    registry.image("app/small", "1.0", image);
    registry.override(
        RegistryPaths.uploads("app/copy"),
        r ->
            r.getUrl().queryParameter("mount") != null
                ? new MockResponse.Builder().code(201).build()
                : registry.upload(r));
    CopyResult result;
    try (RegistryClient client = client()) {
      result = client.copy(ref("app/small:1.0"), ref("app/copy"));
    }
    assertThat(result.blobsMounted()).isEqualTo(3);
    assertThat(result.bytesCopied()).isZero();
    assertThat(result.target())
        .isEqualTo(ref(FakeRegistry.REGISTRY + "/app/copy:1.0@" + image.digest()));
    assertThat(registry.pushedManifests().get(RegistryPaths.manifest("app/copy", "1.0")))
        .isEqualTo(image.manifest());
    assertThat(registry.requests())
        .noneMatch(r -> r.getMethod().equals("PATCH"))
        .noneMatch(r -> r.getMethod().equals("GET") && r.getTarget().contains("/blobs/"))
        .anyMatch(r -> "app/small".equals(r.getUrl().queryParameter("from")));
  }

  @Test
  void mountAnswered202StreamsTheBlobIntoTheSessionItOpened() throws Exception {
    registry.image("app/small", "1.0", image);
    CopyResult result;
    try (RegistryClient client = client()) {
      result = client.copy(ref("app/small:1.0"), ref("app/copy:2.0"));
    }
    assertThat(result.blobsCopied()).isEqualTo(3);
    assertThat(result.bytesCopied())
        .isEqualTo(image.blobs().values().stream().mapToLong(b -> b.length).sum());
    assertThat(result.digest()).isEqualTo(image.digest());
    image
        .blobs()
        .forEach(
            (d, bytes) -> assertThat(registry.blob("app/copy", d.toString())).isEqualTo(bytes));
    List<RecordedRequest> requests = registry.requests();
    assertThat(requests)
        .filteredOn(r -> r.getMethod().equals("POST"))
        .allMatch(r -> r.getUrl().queryParameter("mount") != null)
        .hasSize(3);
    assertThat(requests.get(requests.size() - 1).getRequestLine())
        .startsWith("PUT " + RegistryPaths.manifest("app/copy", "2.0"));
  }

  @Test
  void blobsTheTargetHasAreSkippedByHead() {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client()) {
      client.copy(ref("app/small:1.0"), ref("app/copy:1.0"));
      CopyResult again = client.copy(ref("app/small:1.0"), ref("app/copy:1.1"));
      assertThat(again.blobsSkipped()).isEqualTo(3);
      assertThat(again.bytesCopied()).isZero();
    }
  }

  @Test
  void aCopyInterruptedByAFailingBlobLeavesNoTag() {
    MockResponse unknown =
        new MockResponse.Builder()
            .code(404)
            .body("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown\"}]}")
            .build();
    Digest layer = image.serve(registry, 0, unknown);
    Failures.thrownBy(client(), client -> client.copy(ref("app/small:1.0"), ref("app/copy:1.0")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(layer.toString());
    assertThat(registry.pushedManifests()).isEmpty();
  }

  @Test
  void aBlobWhoseBytesAreWrongNeverReachesTheTargetAndLeavesNoTag() {
    Digest layer = image.serveCorrupt(registry, 1, 0);
    Failures.thrownBy(client(), client -> client.copy(ref("app/small:1.0"), ref("app/copy:1.0")))
        .isInstanceOf(DigestMismatchException.class);
    assertThat(registry.hasBlob("app/copy", layer.toString())).isFalse();
    assertThat(registry.pushedManifests()).isEmpty();
  }

  @Test
  void anIndexWithAMissingChildFailsBeforeAnythingIsWritten() throws Exception {
    registry.image("app/multi", "amd", image);
    serveIndex("app/multi", "1.0", FakeImage.index(image, arm)); // arm's manifest is not served
    Failures.thrownBy(client(), client -> client.copy(ref("app/multi:1.0"), ref("app/copy:1.0")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(arm.digest().toString());
    assertThat(registry.requests()).extracting(RecordedRequest::getMethod).containsOnly("GET");
  }

  @Test
  void anIndexIsCopiedWholeChildrenByDigestFirstAndTheTagLast() throws Exception {
    byte[] index = FakeImage.index(image, arm);
    registry.image("app/multi", "amd", image).image("app/multi", "arm", arm);
    serveIndex("app/multi", "1.0", index);
    CopyResult result;
    try (RegistryClient client = client()) {
      result = client.copy(ref("app/multi:1.0"), ref("app/copy:1.0"));
    }
    assertThat(result.digest()).isEqualTo(Digest.sha256(index));
    assertThat(result.manifests()).isEqualTo(3);
    assertThat(registry.pushedManifests())
        .containsEntry(RegistryPaths.manifest("app/copy", image.digest()), image.manifest())
        .containsEntry(RegistryPaths.manifest("app/copy", arm.digest()), arm.manifest())
        .containsEntry(RegistryPaths.manifest("app/copy", "1.0"), index);
    List<RecordedRequest> puts =
        registry.requests().stream()
            .filter(r -> r.getMethod().equals("PUT") && r.getTarget().contains("/manifests/"))
            .toList();
    assertThat(puts.get(puts.size() - 1).getTarget()).endsWith("/manifests/1.0");
  }

  @Test
  void aChosenPlatformCopiesOnlyThatImageUnderTheTag() {
    registry.image("app/multi", "amd", image).image("app/multi", "arm", arm);
    serveIndex("app/multi", "1.0", FakeImage.index(image, arm));
    try (RegistryClient client = client()) {
      CopyResult result =
          client.copy(
              ref("app/multi:1.0"),
              client,
              ref("app/copy:arm"),
              Platform.of("linux", "arm64"),
              TransferListener.NONE);
      assertThat(result.digest()).isEqualTo(arm.digest());
      assertThat(result.manifests()).isEqualTo(1);
    }
    assertThat(registry.pushedManifests())
        .containsOnlyKeys(RegistryPaths.manifest("app/copy", "arm"));
  }

  @Test
  void aCopyBetweenTwoClientsStreamsWithoutMountAndWritesNothingToDisk() throws Exception {
    registry.image("app/small", "1.0", image);
    CopyResult result;
    try (RegistryClient source = client();
        RegistryClient target = TestClients.fake(other, otherCache).build()) {
      result = source.copy(ref("app/small:1.0"), target, ref("prod/small:1.0"));
    }
    assertThat(result.blobsCopied()).isEqualTo(3);
    assertThat(other.pushedManifests().get(RegistryPaths.manifest("prod/small", "1.0")))
        .isEqualTo(image.manifest());
    image
        .blobs()
        .forEach((d, b) -> assertThat(other.blob("prod/small", d.toString())).isEqualTo(b));
    assertThat(other.requests()).noneMatch(r -> r.getUrl().queryParameter("mount") != null);
    assertThat(registry.requests()).allMatch(r -> r.getMethod().equals("GET"));
    try (Stream<Path> files = Stream.concat(Files.walk(cache), Files.walk(otherCache))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }
}
