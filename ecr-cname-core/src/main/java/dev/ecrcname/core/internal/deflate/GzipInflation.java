package dev.ecrcname.core.internal.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a gzip stream to its end: through libdeflate member by member where each member fits its
 * bounded buffers (layers that ecr-cname pushed are 1 MiB members, docs/benchmarks.md), else
 * through the JDK's {@link GZIPInputStream}. The bytes read, and the exception for a stream that is
 * not good gzip, are the JDK's in both cases: whatever libdeflate does not decode in full is left
 * to the JDK from the start of that member.
 */
public final class GzipInflation {
  private GzipInflation() {}

  /**
   * A decompressing view of {@code raw}, which holds gzip; closing it closes {@code raw}.
   *
   * @param raw the compressed bytes; its {@code available()} must be honest, as {@link
   *     GZIPInputStream} needs for concatenated members
   * @param bufferSize the JDK reader's input buffer
   * @throws IOException as {@code new GZIPInputStream(raw, bufferSize)} throws, for the same input
   */
  public static InputStream open(InputStream raw, int bufferSize) throws IOException {
    if (!Libdeflate.available()) {
      return new GZIPInputStream(raw, bufferSize);
    }
    return new MemberInflater(raw, bufferSize);
  }
}
