package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob file that no longer holds the bytes its digest names (swapped in the cache after the pull
 * checked it) never ends in an output whose layers are stored as pulled: the copy is hashed as it
 * goes (hardening round three, item 13).
 */
class SwappedBlobTest {
  @TempDir Path blobs;
  @TempDir Path out;

  /** The image, with its first layer's file then overwritten by other bytes of the same size. */
  PulledImage swapped() throws IOException {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Path file = image.layers().get(0).blob();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(file, bytes);
    return image;
  }

  @Test
  void aCompressedLayerTarballRefusesASwappedBlobAndLeavesNothing() throws IOException {
    PulledImage image = swapped();
    Path target = out.resolve("image.tar");
    WriteOptions options = WriteOptions.builder().compressedLayers(true).build();

    assertThatThrownBy(() -> DockerArchive.write(image, target, options))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(image.layers().get(0).descriptor().digest().toString());
    assertThat(leftovers()).isZero();
  }

  @Test
  void anOciLayoutDirectoryRefusesASwappedBlobAndLeavesNothing() throws IOException {
    PulledImage image = swapped();
    Path target = out.resolve("layout");
    // As pull --format oci-dir writes it: the registry's blobs kept as they are.
    WriteOptions options =
        WriteOptions.builder().compressedLayers(true).format(WriteOptions.Format.OCI).build();

    assertThatThrownBy(() -> DockerArchive.writeLayout(image, target, options))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(image.layers().get(0).descriptor().digest().toString());
    assertThat(leftovers()).isZero();
  }

  private long leftovers() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.count();
    }
  }
}
