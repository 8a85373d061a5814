package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DockerArchive.pull: the tarball written as the layers arrive (issue 23) has the bytes of a pull
 * followed by a write, cold or warm, and a cached blob swapped between two pulls never reaches it.
 */
class DockerArchivePullTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path blobs;
  @TempDir Path cache;
  @TempDir Path out;

  final ImageReference ref = ImageReference.of("app/small", "1.0");
  PulledImage served;

  void serve() throws IOException {
    served = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Map<String, byte[]> byDigest = new LinkedHashMap<>();
    byDigest.put(served.config().digest().toString(), served.configBytes());
    for (PulledImage.Layer layer : served.layers()) {
      byDigest.put(layer.descriptor().digest().toString(), Files.readAllBytes(layer.blob()));
    }
    registry.image(
        "app/small",
        "1.0",
        served.manifestMediaType(),
        served.manifestDigest().toString(),
        served.manifest(),
        byDigest);
  }

  RegistryClient client(Path cacheDir) {
    return TestClients.fake(registry, cacheDir).build();
  }

  WriteOptions options(boolean compressed) {
    return WriteOptions.builder().compressedLayers(compressed).build();
  }

  byte[] pulled(String name, boolean compressed) throws IOException {
    Path target = out.resolve(name);
    try (RegistryClient client = client(cache)) {
      DockerArchive.pull(client, ref, target, options(compressed));
    }
    return Files.readAllBytes(target);
  }

  /** The same image through pull() then write(), with a cache of its own. */
  byte[] pulledThenWritten(boolean compressed) throws IOException {
    Path target = out.resolve("reference-" + compressed + ".tar");
    try (RegistryClient client = client(out.resolve("reference-cache"))) {
      DockerArchive.write(client.pull(ref), target, options(compressed));
    }
    return Files.readAllBytes(target);
  }

  /** The image's first layer in the cache, overwritten by other bytes of the same size. */
  Digest swapFirstCachedLayer() throws IOException {
    Digest digest = served.layers().get(0).descriptor().digest();
    Path entry = cache.resolve("blobs/sha256").resolve(digest.hex());
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(entry, bytes);
    return digest;
  }

  @ParameterizedTest(name = "compressed layers: {0}")
  @ValueSource(booleans = {true, false})
  void coldAndWarmPullsWriteTheBytesOfAPullThenAWrite(boolean compressed) throws IOException {
    serve();
    byte[] cold = pulled("cold.tar", compressed);
    byte[] warm = pulled("warm.tar", compressed);

    byte[] reference = pulledThenWritten(compressed);
    assertThat(cold).isEqualTo(reference);
    assertThat(warm).isEqualTo(reference);
  }

  @ParameterizedTest(name = "compressed layers: {0}")
  @ValueSource(booleans = {true, false})
  void aCachedBlobSwappedBetweenPullsIsFetchedAgainAndNeverWritten(boolean compressed)
      throws Exception {
    serve();
    pulled("first.tar", compressed);
    Digest swapped = swapFirstCachedLayer();

    byte[] second = pulled("second.tar", compressed);

    assertThat(second).isEqualTo(pulledThenWritten(compressed));
    assertThat(cache.resolve("blobs/sha256").resolve(swapped.hex()))
        .hasBinaryContent(Files.readAllBytes(served.layers().get(0).blob()));
    assertThat(registry.blobGets(swapped))
        .as("GETs: the first pull, the second, the reference")
        .isEqualTo(3);
  }

  @Test
  void aWarmUncompressedPullLeavesNoTempDirectoryBehind() throws IOException {
    serve();
    pulled("first.tar", false);
    swapFirstCachedLayer();
    pulled("second.tar", false);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("first.tar", "second.tar");
    }
  }
}
