package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path of a layer through a temp file: a compressed blob decompressed next to the target and
 * checked against its diff_id before anything is written.
 */
class StoredLayerTest {
  static final byte[] LAYER = new TestImages.Layer().file("a.txt", "a\n").tar();

  @TempDir Path dir;

  Path blob(byte[] bytes) throws IOException {
    return Files.write(dir.resolve("blob-" + Digest.sha256(bytes).hex()), bytes);
  }

  Path tempDir() throws IOException {
    return Files.createDirectories(dir.resolve("tmp"));
  }

  @Test
  void gzippedBlobIsDecompressedIntoATempFileHoldingTheTar() throws IOException {
    Path blob = blob(Codec.GZIP.compress(LAYER));

    StoredLayer stored =
        StoredLayer.uncompressed(blob, Digest.sha256(LAYER), tempDir(), "layer 1", null);

    assertThat(stored.file()).hasParent(dir.resolve("tmp")).hasBinaryContent(LAYER);
    assertThat(stored.digest()).isEqualTo(Digest.sha256(LAYER));
    assertThat(stored.size()).isEqualTo(LAYER.length);
    assertThat(stored.compression()).isEqualTo(Compression.NONE);
  }

  @Test
  void gzippedBlobThatDecompressesToAnotherDiffIdIsRefusedNamingBoth() throws IOException {
    Path blob = blob(Codec.GZIP.compress(LAYER));
    Digest claimed = Digest.sha256("another layer");

    assertThatThrownBy(() -> StoredLayer.uncompressed(blob, claimed, tempDir(), "layer 1", null))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("layer 1 decompresses to " + Digest.sha256(LAYER))
        .hasMessageContaining("rootfs.diff_ids says " + claimed);
  }

  @Test
  void zstdBlobThatDecompressesToAnotherDiffIdIsRefused() throws IOException {
    Path blob = blob(Codec.ZSTD.compress(LAYER));

    assertThatThrownBy(
            () -> StoredLayer.uncompressed(blob, Digest.sha256("x"), tempDir(), "layer 2", null))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("layer 2 decompresses to " + Digest.sha256(LAYER));
  }

  @Test
  void plainTarIsStoredFromWhereItIsWithoutACopy() throws IOException {
    Path blob = blob(LAYER);

    StoredLayer stored =
        StoredLayer.uncompressed(blob, Digest.sha256(LAYER), tempDir(), "layer 1", null);

    assertThat(stored.file()).isEqualTo(blob);
    assertThat(stored.size()).isEqualTo(LAYER.length);
    try (Stream<Path> temps = Files.list(dir.resolve("tmp"))) {
      assertThat(temps).isEmpty();
    }
  }

  @Test
  void plainTarThatIsNotItsDiffIdIsRefused() throws IOException {
    Path blob = blob(LAYER);

    assertThatThrownBy(
            () -> StoredLayer.uncompressed(blob, Digest.sha256("x"), tempDir(), "layer 3", null))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("rootfs.diff_ids says " + Digest.sha256("x"));
  }

  @Test
  void gzipHeaderFollowedByGarbageIsReportedAsNotDecompressing() throws IOException {
    byte[] broken = Codec.GZIP.compress(LAYER);
    for (int i = 10; i < broken.length; i++) {
      broken[i] = (byte) 0xff;
    }
    Path blob = blob(broken);

    assertThatThrownBy(
            () -> StoredLayer.uncompressed(blob, Digest.sha256(LAYER), tempDir(), "layer 4", null))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("layer 4 does not decompress as GZIP");
  }

  @Test
  void pulledBlobOfAnotherSizeThanItsDescriptorIsRefused() throws IOException {
    byte[] gzipped = Codec.GZIP.compress(LAYER);
    Path blob = blob(gzipped);
    Descriptor descriptor =
        new Descriptor(MediaTypes.OCI_LAYER + "+gzip", Digest.sha256(gzipped), gzipped.length + 1);

    assertThatThrownBy(() -> StoredLayer.asPulled(blob, descriptor, "layer 5"))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("holds " + gzipped.length + " bytes, but the manifest says");
  }

  @Test
  void pulledBlobKeepsItsDigestAndIsSniffedForItsCompression() throws IOException {
    byte[] zstd = Codec.ZSTD.compress(LAYER);
    Path blob = blob(zstd);
    Descriptor descriptor =
        new Descriptor(MediaTypes.OCI_LAYER + "+zstd", Digest.sha256(zstd), zstd.length);

    StoredLayer stored = StoredLayer.asPulled(blob, descriptor, "layer 6");

    assertThat(stored.compression()).isEqualTo(Compression.ZSTD);
    assertThat(stored.descriptor()).isEqualTo(descriptor);
  }
}
