package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's bytes are a contract (issue 10, point 8): the same image must give the same tarball
 * on every JVM and at every commit, whichever tar implementation formats the headers. The image is
 * fixed bytes made here, not by a tar or compression library, and the layers go in gzip-compressed
 * but come out decompressed, so the digests depend on nothing but our writer. If one of these
 * fails, the archive format changed: that needs a deliberate decision, not a new constant.
 */
class ArchiveGoldenDigestTest {
  /** {@link #fixedImage} written with the default options (uncompressed, verified layers). */
  static final String UNCOMPRESSED =
      "sha256:32321a945b87d53657c8a77f6d8482fba1f2fda985eb1a4fa56bb0b5d97b57a3";

  /** {@link #fixedImage}'s plain layers stored as they are ({@code compressedLayers(true)}). */
  static final String STORED =
      "sha256:ee34d10469cb7831efb0d5c3d9433e8389befe6e178de82714ebe1efb53939fc";

  /** Two images sharing layers, in one tarball. */
  static final String BUNDLE =
      "sha256:7a32f21adbc5746fe70d250b65ae11c88f322553ffcfe4d175ea46bd0b9906c2";

  /**
   * The header of a layer blob of 9 GiB, too big for ustar's octal size field: a PAX header with a
   * size record goes first. No test image is that big, so the header is checked on its own.
   */
  static final String BIG_LAYER_HEADER =
      "sha256:3d20b06cbd271242a8a680c2a5d8682dbd91184778676c9d8e50311b2aefd68e";

  @TempDir Path blobs;
  @TempDir Path out;

  /**
   * Layer "tars" of fixed pseudo-random bytes (SplittableRandom's sequence is specified, so it is
   * the same on every JVM). They need not be real tars: the writer only hashes and copies them.
   * Sizes cover an empty layer, a size that is not a whole block, and one that is.
   */
  static List<byte[]> fixedLayers() {
    SplittableRandom random = new SplittableRandom(20261130);
    List<byte[]> layers = new ArrayList<>();
    for (int size : new int[] {70_001, 0, 512, 1_000}) {
      byte[] layer = new byte[size];
      random.nextBytes(layer);
      layers.add(layer);
    }
    return layers;
  }

  private Digest write(PulledImage image, WriteOptions options) throws IOException {
    Path target = out.resolve("image-" + System.nanoTime() + ".tar");
    DockerArchive.write(image, target, options);
    return Digest.sha256(Files.readAllBytes(target));
  }

  @Test
  void theFixedImageWritesTheGoldenUncompressedTarball() throws IOException {
    List<byte[]> layers = fixedLayers();
    PulledImage gzip = TestImages.image(blobs.resolve("gzip"), "1.0", layers, Codec.GZIP);
    // Two gzip members make the size hint miss, so this one takes the temp-file path instead of the
    // in-place one.
    PulledImage twoMembers =
        TestImages.image(
            blobs.resolve("multi"),
            "1.0",
            layers,
            Codec.GZIP.mediaType,
            TestImages::gzipInTwoMembers,
            TestImages.config(TestImages.diffIds(layers)));

    assertThat(write(gzip, WriteOptions.defaults())).hasToString(UNCOMPRESSED);
    assertThat(write(twoMembers, WriteOptions.builder().parallelism(1).build()))
        .hasToString(UNCOMPRESSED);
  }

  @Test
  void theFixedImageWritesTheGoldenStoredTarball() throws IOException {
    PulledImage plain = TestImages.image(blobs, "1.0", fixedLayers(), Codec.NONE);
    assertThat(write(plain, WriteOptions.builder().compressedLayers(true).build()))
        .hasToString(STORED);
  }

  @Test
  void twoFixedImagesWriteTheGoldenBundle() throws IOException {
    List<byte[]> layers = fixedLayers();
    PulledImage first = TestImages.image(blobs.resolve("a"), "1.0", layers, Codec.GZIP);
    PulledImage second =
        TestImages.image(blobs.resolve("b"), "2.0", layers.subList(0, 2), Codec.GZIP);
    Path target = out.resolve("bundle.tar");
    DockerArchive.write(List.of(first, second), target, WriteOptions.defaults());
    assertThat(Digest.sha256(Files.readAllBytes(target))).hasToString(BUNDLE);
  }

  @Test
  void aLayerOver8GibGetsTheGoldenPaxSizeHeader() {
    String name = BlobPaths.SHA256 + Digest.sha256("big").hex();
    byte[] header = TarHeaders.header(name, TarHeaders.REGULAR, 9L << 30, "");
    assertThat(Digest.sha256(header)).hasToString(BIG_LAYER_HEADER);
  }
}
