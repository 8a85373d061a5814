package dev.ecrcname.core.internal.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a gzip stream to its end: through libdeflate member by member when it starts with the
 * member header libdeflate writes (layers that ecr-cname pushed are 1 MiB members of it,
 * docs/benchmarks.md), else through the JDK's {@link GZIPInputStream}. The bytes read, and the
 * exception for a stream that is not good gzip, are the JDK's in both cases: whatever libdeflate
 * does not decode in full is left to the JDK from the start of that member.
 *
 * <p>Other tools' layers (one member, pigz's or Go's header) go straight to the JDK: libdeflate
 * would only try their first mebibyte, fail for want of room, and leave 2.6 MiB of direct buffers
 * to the next garbage collection.
 */
public final class GzipInflation {
  /**
   * gzip magic, deflate, no flags, no time, "fastest" (level 1), unknown OS: libdeflate's header.
   */
  private static final byte[] LIBDEFLATE_HEADER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff
  };

  private GzipInflation() {}

  /** The member header libdeflate writes at level 1 (a copy). */
  public static byte[] libdeflateHeader() {
    return LIBDEFLATE_HEADER.clone();
  }

  /**
   * Whether {@code head} starts with the member header libdeflate writes at level 1, as in every
   * member of a layer ecr-cname pushed.
   */
  public static boolean isLibdeflateMember(byte[] head) {
    return head.length >= LIBDEFLATE_HEADER.length
        && Arrays.equals(
            head, 0, LIBDEFLATE_HEADER.length, LIBDEFLATE_HEADER, 0, LIBDEFLATE_HEADER.length);
  }

  /**
   * A decompressing view of {@code raw}, which holds gzip; closing it closes {@code raw}.
   *
   * @param raw the compressed bytes; its {@code available()} must be honest, as {@link
   *     GZIPInputStream} needs for concatenated members, and it must support {@code mark} for
   *     libdeflate to be tried
   * @param bufferSize the JDK reader's input buffer
   * @throws IOException as {@code new GZIPInputStream(raw, bufferSize)} throws, for the same input
   */
  public static InputStream open(InputStream raw, int bufferSize) throws IOException {
    if (!Libdeflate.available() || !raw.markSupported() || !isLibdeflateMember(peek(raw))) {
      return new GZIPInputStream(raw, bufferSize);
    }
    return new MemberInflater(raw, bufferSize);
  }

  private static byte[] peek(InputStream raw) throws IOException {
    raw.mark(LIBDEFLATE_HEADER.length);
    try {
      return raw.readNBytes(LIBDEFLATE_HEADER.length);
    } finally {
      raw.reset();
    }
  }
}
