package dev.ecrcname.core.internal.blob;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import dev.ecrcname.core.internal.deflate.Libdeflate;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ParallelGzip} turns one block of a layer into gzip bytes, by engine. Each engine's
 * output depends only on the input, the level and the block size, so a layer's digest is fixed per
 * engine and level (ParallelGzipTest pins both).
 */
final class GzipBlocks {
  private GzipBlocks() {}

  /** The gzip engines. */
  enum Engine {
    /**
     * The JDK's zlib: raw deflate primed with the previous block's last 32 KiB, ended by a sync
     * flush, the blocks concatenated into ONE gzip member whose header, final block and trailer
     * ParallelGzip writes (the pigz way).
     */
    ZLIB(false),
    /**
     * libdeflate: each block its own complete gzip member (RFC 1952 allows any number, and every
     * gzip reader we know reads them all: gzip, pigz, Go's gzip.Reader that docker, containerd,
     * podman and skopeo use, Java's GZIPInputStream). libdeflate has no dictionary and no sync
     * flush, so members are how its blocks chain; they cost about 30 bytes and the back-references
     * across a block boundary.
     */
    LIBDEFLATE(true);

    /** Whether each block is a whole member, so ParallelGzip writes no header, CRC or trailer. */
    final boolean members;

    Engine(boolean members) {
      this.members = members;
    }

    /** libdeflate where it is {@linkplain Libdeflate#available() available}, else zlib. */
    static Engine best() {
      return Libdeflate.available() ? LIBDEFLATE : ZLIB;
    }

    Deflating newDeflating(int level) {
      return this == LIBDEFLATE ? new Member(level) : new Raw(level);
    }
  }

  /** Where a block's compressed bytes go, piece by piece. */
  interface Sink {
    void append(ByteBuffer piece);
  }

  /** One slot's native compressor; used by one thread at a time, ended once. */
  interface Deflating {
    /**
     * Compresses {@code input} (direct, flipped), primed with {@code dictionary} when not null,
     * through the direct {@code scratch} buffer into {@code sink}.
     */
    void deflate(ByteBuffer input, @Nullable ByteBuffer dictionary, ByteBuffer scratch, Sink sink);

    void end();
  }

  /** The scratch output a block needs at least: a whole member for libdeflate. */
  static int scratchFor(int blockSize) {
    // libdeflate's gzip bound is the input plus 5 bytes per 64 KiB-ish stored block plus the
    // wrapper; this is above it for any block size we use.
    return blockSize + blockSize / 64 + 1024;
  }

  private static final class Raw implements Deflating {
    private final Deflater deflater;

    Raw(int level) {
      deflater = new Deflater(level, true);
    }

    @Override
    public void deflate(
        ByteBuffer input, @Nullable ByteBuffer dictionary, ByteBuffer scratch, Sink sink) {
      deflater.reset();
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(input);
      while (true) {
        scratch.clear();
        deflater.deflate(scratch, Deflater.SYNC_FLUSH);
        scratch.flip();
        int n = scratch.remaining();
        sink.append(scratch);
        // A sync flush that left room to spare has emitted everything (Deflater.deflate's rule); it
        // also ends the block on a byte boundary, so that the next block's data can simply follow.
        if (n < scratch.capacity() && deflater.needsInput()) {
          return;
        }
      }
    }

    /**
     * Deflater's methods lock the native state, so a task still running finishes its call first and
     * then fails, never touching freed memory.
     */
    @Override
    public void end() {
      deflater.end();
    }
  }

  /**
   * Its methods lock, as the JDK's Deflater does: a slot ended after a failure may still have a
   * block in flight, and closing the compressor under it would free memory it is using.
   */
  private static final class Member implements Deflating {
    private final LibdeflateCompressor compressor;
    private boolean ended;

    Member(int level) {
      compressor = Libdeflate.compressor(level);
    }

    @Override
    public synchronized void deflate(
        ByteBuffer input, @Nullable ByteBuffer dictionary, ByteBuffer scratch, Sink sink) {
      if (ended) {
        throw new IllegalStateException("gzip ended");
      }
      scratch.clear();
      int n = compressor.gzipCompress(input, scratch);
      if (n < 0) {
        throw new IllegalStateException("libdeflate needs more than " + scratch.capacity());
      }
      scratch.flip();
      sink.append(scratch);
    }

    @Override
    public synchronized void end() {
      ended = true;
      compressor.close();
    }
  }
}
