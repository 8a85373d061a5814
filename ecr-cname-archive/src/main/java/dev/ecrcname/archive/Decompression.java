package dev.ecrcname.archive;

import dev.ecrcname.core.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Opens a decompressing view of a layer, by the compression its bytes show (labels in the wild are often wrong). */
final class Decompression {
  static final int BUFFER = 1 << 16;

  private Decompression() {}

  /**
   * The JDK's gzip reader (zlib underneath) reads concatenated members, as pigz and some registries produce, when the
   * source reports {@code available()} honestly; every stream handed to it here does.
   */
  static InputStream open(Compression compression, InputStream raw) throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPInputStream(raw, BUFFER);
      case ZSTD -> new ZstdCompressorInputStream(raw);
      case NONE -> raw;
    };
  }
}
