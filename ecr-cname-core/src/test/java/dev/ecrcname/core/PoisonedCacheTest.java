package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache restored from another job is not trusted: every hit is re-hashed, links and directories
 * are refused, and a push re-checks the diff_id mapping before it skips anything (issue 12, defect
 * 1).
 */
class PoisonedCacheTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;
  @TempDir Path elsewhere;

  final FakeImage image = FakeImage.create("amd64", 5_000, 3_000);

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  Path entry(Digest digest) {
    return cache.resolve("blobs/sha256").resolve(digest.hex());
  }

  @Test
  void aSameSizeForgedLayerInTheCacheIsDiscardedAndFetchedAgain() throws Exception {
    registry.image("app/small", "1.0", image);
    Digest layer = Digest.sha256(image.layers().get(0));
    Files.createDirectories(entry(layer).getParent());
    Files.write(entry(layer), new byte[image.layers().get(0).length]);

    try (RegistryClient client = client()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob()))
          .isEqualTo(image.layers().get(0));
    }
    assertThat(Files.readAllBytes(entry(layer))).isEqualTo(image.layers().get(0));
    assertThat(registry.blobGets(layer)).isEqualTo(1);
  }

  @Test
  void aSameSizeForgedConfigIsNeverServedAsVerified() throws Exception {
    registry.image("app/small", "1.0", image);
    Digest config = Digest.sha256(image.config());
    Files.createDirectories(entry(config).getParent());
    byte[] forged = new byte[image.config().length];
    java.util.Arrays.fill(forged, (byte) ' ');
    Files.write(entry(config), forged);

    try (RegistryClient client = client()) {
      assertThat(
              client.config(ImageReference.of("app/small", "1.0"), Platform.of("linux", "amd64")))
          .isEqualTo(image.config());
    }
  }

  @Test
  void aSymlinkInTheCacheIsNotFollowedEvenToTheRightBytes() throws Exception {
    registry.image("app/small", "1.0", image);
    Digest layer = Digest.sha256(image.layers().get(0));
    Path target = Files.write(elsewhere.resolve("outside"), image.layers().get(0));
    Files.createDirectories(entry(layer).getParent());
    Files.createSymbolicLink(entry(layer), target);

    try (RegistryClient client = client()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.isSymbolicLink(pulled.layers().get(0).blob())).isFalse();
    }
    assertThat(Files.isSymbolicLink(entry(layer))).isFalse();
    assertThat(Files.readAllBytes(target)).isEqualTo(image.layers().get(0));
    assertThat(registry.blobGets(layer)).isEqualTo(1);
  }

  @Test
  void aDirectoryInPlaceOfABlobIsReplacedByTheVerifiedBlob() throws Exception {
    registry.image("app/small", "1.0", image);
    Digest layer = Digest.sha256(image.layers().get(0));
    Files.createDirectories(entry(layer));

    try (RegistryClient client = client()) {
      client.pull("app/small", "1.0");
    }
    assertThat(Files.isRegularFile(entry(layer))).isTrue();
    assertThat(Files.readAllBytes(entry(layer))).isEqualTo(image.layers().get(0));
  }

  @Test
  void aForgedDiffIdMappingDoesNotMakeAPushSkipTheRealLayer() throws Exception {
    List<String> first;
    try (RegistryClient client = client()) {
      client.push("app/pushed", "1", new MemoryImageSource(image));
      first = layerDigests(RegistryPaths.manifest("app/pushed", "1"));
      // Point layer 0's diff_id at layer 1's gzip blob, which the registry already has.
      Path mapping =
          cache.resolve("diffids/sha256").resolve(Digest.sha256(image.layers().get(0)).hex());
      Files.writeString(mapping, first.get(1));

      client.push("app/pushed", "2", new MemoryImageSource(image));
    }
    assertThat(layerDigests(RegistryPaths.manifest("app/pushed", "2"))).isEqualTo(first);
  }

  List<String> layerDigests(String path) {
    var json =
        JsonParser.parseString(
                new String(registry.pushedManifests().get(path), StandardCharsets.UTF_8))
            .getAsJsonObject()
            .getAsJsonArray("layers");
    return IntStream.range(0, json.size())
        .mapToObj(i -> json.get(i).getAsJsonObject().get("digest").getAsString())
        .toList();
  }
}
