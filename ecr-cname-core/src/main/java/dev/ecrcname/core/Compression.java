package dev.ecrcname.core;

import java.io.IOException;
import java.io.InputStream;

/** How a layer's bytes are stored, as the registry's media types name it. */
public enum Compression {
  /** An uncompressed tar stream. */
  NONE,
  /** gzip ({@code tar+gzip} media types). */
  GZIP,
  /** Zstandard ({@code tar+zstd} media types). */
  ZSTD;

  /**
   * The compression a layer media type implies; unknown types are treated as plain tar.
   *
   * @param mediaType a layer media type, e.g. {@code application/vnd.oci.image.layer.v1.tar+gzip}
   * @return the compression its suffix names, or {@link #NONE}
   */
  public static Compression ofMediaType(String mediaType) {
    if (mediaType.endsWith("gzip") || mediaType.endsWith("tar.gzip")) {
      return GZIP;
    }
    if (mediaType.endsWith("zstd")) {
      return ZSTD;
    }
    return NONE;
  }

  /**
   * Sniffs the magic number at the start of {@code in}, which must support mark/reset. Layers in
   * the wild are often labelled wrongly, so readers trust the bytes over the label.
   *
   * @param in the stream, positioned at the layer's first byte; left there
   * @return the compression the first bytes show, or {@link #NONE}
   * @throws IOException when the stream cannot be read
   */
  public static Compression sniff(InputStream in) throws IOException {
    in.mark(4);
    byte[] head = in.readNBytes(4);
    in.reset();
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (head.length == 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }
}
