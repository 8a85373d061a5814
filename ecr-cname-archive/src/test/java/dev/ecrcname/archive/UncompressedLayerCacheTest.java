package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WriteOptions.uncompressedLayerCache: a layer written again is a verified copy. */
class UncompressedLayerCacheTest {
  @TempDir Path blobs;
  @TempDir Path out;
  @TempDir Path kept;

  final List<byte[]> tars = TestImages.standardLayers();

  PulledImage image() {
    return TestImages.image(blobs, "1.0", tars, Codec.GZIP);
  }

  WriteOptions keeping() {
    return WriteOptions.builder().uncompressedLayerCache(kept).build();
  }

  byte[] written(String name, WriteOptions options) throws IOException {
    Path tar = out.resolve(name);
    DockerArchive.write(image(), tar, options);
    return Files.readAllBytes(tar);
  }

  List<String> keptNames() throws IOException {
    try (Stream<Path> files = Files.list(kept)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFirstWriteKeepsEachLayerAndTheNextCopiesItToTheSameBytes() throws IOException {
    byte[] plain = written("plain.tar", WriteOptions.defaults());
    assertThat(keptNames()).isEmpty();

    byte[] first = written("first.tar", keeping());
    List<String> expected =
        tars.stream().map(tar -> Digest.sha256(tar).hex()).distinct().sorted().toList();
    assertThat(keptNames()).isEqualTo(expected); // no temp file is left either
    for (byte[] tar : tars) {
      assertThat(kept.resolve(Digest.sha256(tar).hex())).hasBinaryContent(tar);
    }
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
    for (String name : expected) {
      Files.setLastModifiedTime(kept.resolve(name), old);
    }

    byte[] second = written("second.tar", keeping());

    assertThat(first).isEqualTo(plain);
    assertThat(second).isEqualTo(plain);
    for (String name : expected) {
      // Renewed on use, as the layer cache's LRU prune expects: proof the copy was taken.
      assertThat(Files.getLastModifiedTime(kept.resolve(name))).isGreaterThan(old);
    }
  }

  @Test
  void aKeptLayerWithWrongBytesIsDecompressedAgainAndReplaced() throws IOException {
    byte[] plain = written("plain.tar", WriteOptions.defaults());
    written("first.tar", keeping());
    byte[] top = tars.get(3);
    Path keptTop = kept.resolve(Digest.sha256(top).hex());
    Files.write(keptTop, new byte[top.length]); // same size, wrong bytes

    byte[] again = written("again.tar", keeping());

    assertThat(again).isEqualTo(plain);
    assertThat(keptTop).hasBinaryContent(top);
  }

  @Test
  void aKeptLayerOfAnotherSizeIsIgnored() throws IOException {
    byte[] plain = written("plain.tar", WriteOptions.defaults());
    written("first.tar", keeping());
    Path keptTop = kept.resolve(Digest.sha256(tars.get(3)).hex());
    Files.write(keptTop, new byte[] {1, 2, 3});

    assertThat(written("again.tar", keeping())).isEqualTo(plain);
    assertThat(keptTop).hasBinaryContent(tars.get(3));
  }

  @Test
  void compressedLayersKeepNothing() throws IOException {
    written(
        "compressed.tar",
        WriteOptions.builder().compressedLayers(true).uncompressedLayerCache(kept).build());
    assertThat(keptNames()).isEmpty();
  }
}
