package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.internal.deflate.Libdeflate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Run in a JVM of its own by {@link GzipFallbackTest}: prints the engine a push would gzip with
 * here, why libdeflate is not used (or "-"), and the digest of the pinned input's gzip.
 */
public final class GzipEngineProbe {
  private GzipEngineProbe() {}

  public static void main(String[] args) throws IOException {
    ParallelGzip gzip = new ParallelGzip(GzipBlocks.Engine.best(), LayerCompressor.LEVEL);
    byte[] input = LayerLikeBytes.mixed(3 * ParallelGzip.BLOCK_SIZE + 4321, 11);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    gzip.compress(new ByteArrayInputStream(input), out);
    System.out.println(gzip.engine());
    System.out.println(Libdeflate.unavailableReason().orElse("-"));
    System.out.println(Digest.sha256(out.toByteArray()));
  }
}
