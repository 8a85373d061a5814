package dev.ecrcname.archive;

import dev.ecrcname.core.Compression;
import dev.ecrcname.core.internal.deflate.GzipInflation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Opens a decompressing view of a layer, by the compression its bytes show (labels in the wild are
 * often wrong).
 */
final class Decompression {
  static final int BUFFER = 1 << 16;

  /**
   * Opens a blob for reading so that an interrupt stops the read: a stream over a {@link
   * FileChannel} throws ClosedByInterruptException, where {@code Files.newInputStream} on JDK 17
   * blocks on (e.g. a pipe) regardless, and a Ctrl-C would then wait for a whole layer before the
   * temp files can go.
   */
  static InputStream open(Path file) throws IOException {
    return Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ));
  }

  private Decompression() {}

  /**
   * The JDK's gzip reader (zlib underneath) reads concatenated members, as pigz and some registries
   * produce, when the source reports {@code available()} honestly; every stream handed to it here
   * does.
   */
  static InputStream open(Compression compression, InputStream raw) throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPInputStream(raw, BUFFER);
      case ZSTD -> new ZstdCompressorInputStream(raw);
      case NONE -> raw;
    };
  }

  /**
   * As {@link #open(Compression, InputStream)}, for a caller that reads the whole layer: gzip goes
   * through core's {@link GzipInflation}, libdeflate member by member where it can (about twice
   * zlib's speed on the layers ecr-cname pushes, docs/benchmarks.md) with the JDK's bytes and
   * errors. It reads up to about 1.6 MiB ahead of its output, so it is not for a caller that bounds
   * the input consumed per output byte.
   */
  static InputStream layer(Compression compression, InputStream raw) throws IOException {
    return compression == Compression.GZIP
        ? GzipInflation.open(raw, BUFFER)
        : open(compression, raw);
  }
}
