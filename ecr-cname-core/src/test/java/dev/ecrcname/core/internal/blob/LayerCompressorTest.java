package dev.ecrcname.core.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.DigestMismatchException;
import dev.ecrcname.core.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCompressorTest {
  static final byte[] TAR = new byte[300_000];

  static {
    new Random(3).nextBytes(TAR);
  }

  @TempDir Path root;
  final AtomicInteger opens = new AtomicInteger();

  ImageSource.Layer plain(byte[] bytes, Digest diffId) {
    return new ImageSource.Layer(
        diffId,
        Compression.NONE,
        bytes.length,
        null,
        () -> {
          opens.incrementAndGet();
          return new ByteArrayInputStream(bytes);
        });
  }

  static byte[] read(LayerCompressor.Prepared prepared) throws IOException {
    try (InputStream in = prepared.content().open()) {
      return in.readAllBytes();
    }
  }

  @Test
  void uncompressedLayerBecomesAGzipBlobOfThatTarWithItsOwnDigestAndSize() throws IOException {
    LayerCompressor.Prepared prepared =
        new LayerCompressor(new BlobCache(root))
            .prepare(plain(TAR, Digest.sha256(TAR)), Compression.GZIP);

    byte[] gzip = read(prepared);
    assertThat(prepared.compression()).isEqualTo(Compression.GZIP);
    assertThat(prepared.digest()).isEqualTo(Digest.sha256(gzip));
    assertThat(prepared.size()).isEqualTo(gzip.length);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      assertThat(in.readAllBytes()).isEqualTo(TAR);
    }
  }

  @Test
  void theSameTarGzipsToTheSameBytesInAnotherCache(@TempDir Path other) throws IOException {
    LayerCompressor.Prepared first =
        new LayerCompressor(new BlobCache(root))
            .prepare(plain(TAR, Digest.sha256(TAR)), Compression.GZIP);
    LayerCompressor.Prepared second =
        new LayerCompressor(new BlobCache(other))
            .prepare(plain(TAR, Digest.sha256(TAR)), Compression.GZIP);

    assertThat(second.digest()).isEqualTo(first.digest());
  }

  @Test
  void aSecondPrepareOfTheSameLayerReusesTheCachedBlobWithoutReadingTheLayer() throws IOException {
    LayerCompressor compressor = new LayerCompressor(new BlobCache(root));
    LayerCompressor.Prepared first =
        compressor.prepare(plain(TAR, Digest.sha256(TAR)), Compression.GZIP);
    opens.set(0);

    LayerCompressor.Prepared second =
        compressor.prepare(plain(TAR, Digest.sha256(TAR)), Compression.GZIP);

    assertThat(opens).hasValue(0);
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.size()).isEqualTo(first.size());
    assertThat(read(second)).isEqualTo(read(first));
  }

  @Test
  void layerThatIsNotItsDiffIdIsRefusedAndLeavesNothingInTheCache() throws IOException {
    Digest claimed = Digest.sha256("another tar");
    LayerCompressor compressor = new LayerCompressor(new BlobCache(root));

    assertThatThrownBy(() -> compressor.prepare(plain(TAR, claimed), Compression.GZIP))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining(claimed.toString());
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void compressedLayerGoesAsItIsUnderItsKnownDigest() throws IOException {
    byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1, 2, 3};
    Digest known = Digest.sha256(zstd);
    ImageSource.Layer layer =
        new ImageSource.Layer(
            Digest.sha256(TAR),
            Compression.ZSTD,
            zstd.length,
            known,
            () -> {
              opens.incrementAndGet();
              return new ByteArrayInputStream(zstd);
            });

    LayerCompressor.Prepared prepared =
        new LayerCompressor(new BlobCache(root)).prepare(layer, Compression.GZIP);

    assertThat(opens).as("a known digest is not recomputed").hasValue(0);
    assertThat(prepared.digest()).isEqualTo(known);
    assertThat(prepared.compression()).isEqualTo(Compression.ZSTD);
    assertThat(prepared.size()).isEqualTo(zstd.length);
    assertThat(read(prepared)).isEqualTo(zstd);
  }

  @Test
  void compressedLayerWithoutAKnownDigestIsHashed() throws IOException {
    byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 9, 9};
    ImageSource.Layer layer =
        new ImageSource.Layer(
            Digest.sha256(TAR),
            Compression.GZIP,
            gzip.length,
            null,
            () -> new ByteArrayInputStream(gzip));

    assertThat(new LayerCompressor(new BlobCache(root)).prepare(layer, Compression.GZIP).digest())
        .isEqualTo(Digest.sha256(gzip));
  }

  @Test
  void zstdAskedForMakesAZstdBlobOfTheTarThatASecondPrepareReuses() throws IOException {
    LayerCompressor compressor = new LayerCompressor(new BlobCache(root));
    LayerCompressor.Prepared first =
        compressor.prepare(plain(TAR, Digest.sha256(TAR)), Compression.ZSTD);
    opens.set(0);

    LayerCompressor.Prepared second =
        compressor.prepare(plain(TAR, Digest.sha256(TAR)), Compression.ZSTD);

    byte[] zstd = read(first);
    assertThat(first.compression()).isEqualTo(Compression.ZSTD);
    assertThat(first.digest()).isEqualTo(Digest.sha256(zstd));
    assertThat(first.size()).isEqualTo(zstd.length);
    try (InputStream in = ZstdLayers.decompressing(new ByteArrayInputStream(zstd))) {
      assertThat(in.readAllBytes()).isEqualTo(TAR);
    }
    assertThat(opens).as("the remembered zstd blob is reused").hasValue(0);
    assertThat(second.digest()).isEqualTo(first.digest());
  }

  @Test
  void theGzipAndZstdBlobsOfOneLayerAreRememberedApart() throws IOException {
    LayerCompressor compressor = new LayerCompressor(new BlobCache(root));
    LayerCompressor.Prepared gzip =
        compressor.prepare(plain(TAR, Digest.sha256(TAR)), Compression.GZIP);
    LayerCompressor.Prepared zstd =
        compressor.prepare(plain(TAR, Digest.sha256(TAR)), Compression.ZSTD);

    assertThat(zstd.digest()).isNotEqualTo(gzip.digest());
    assertThat(compressor.prepare(plain(TAR, Digest.sha256(TAR)), Compression.GZIP).digest())
        .isEqualTo(gzip.digest());
    assertThat(compressor.prepare(plain(TAR, Digest.sha256(TAR)), Compression.ZSTD).digest())
        .isEqualTo(zstd.digest());
  }
}
