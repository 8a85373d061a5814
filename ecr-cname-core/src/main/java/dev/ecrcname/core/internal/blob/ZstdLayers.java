package dev.ecrcname.core.internal.blob;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * zstd for push ({@code --compression zstd}, issue 13): level 3, zstd's own default, on every core
 * through zstd's multi-threaded mode. On the 952 MB real-file tarball of docs/benchmarks.md it
 * makes 12% fewer bytes than our gzip at level 1, for 2.5× less CPU.
 *
 * <p>The output depends only on the input, the level, the job size and the library version: zstd
 * cuts the input into jobs by its parameters, never by the thread count, as long as there is at
 * least one worker (zero workers is a different, single-threaded format of the same data). The
 * frame states the layer's size, so a puller can place the layer before it decompresses it, and
 * carries no checksum: the layer's digests are the check.
 *
 * <p>zstd-jni is an optional dependency of core: only a push that asks for zstd needs it (the CLI
 * bundles it, the archive module depends on it).
 */
final class ZstdLayers {
  static final int LEVEL = 3;
  private static final int BUFFER = 1 << 20;

  /** A constant: changing it changes every zstd digest we push. */
  static final int JOB = 1 << 20;

  private ZstdLayers() {}

  /** Reads {@code in} (exactly {@code size} bytes) to its end and writes one zstd frame. */
  static void compress(InputStream in, OutputStream out, long size) throws IOException {
    compress(in, out, size, Runtime.getRuntime().availableProcessors());
  }

  static void compress(InputStream in, OutputStream out, long size, int workers)
      throws IOException {
    try (ZstdCompressCtx ctx = context()) {
      ctx.setLevel(LEVEL);
      ctx.setWorkers(Math.max(1, workers));
      // zstd's default job at level 3 is 8 MiB, and it holds a few per worker: 1 MiB jobs cost 1%
      // more bytes on the real-file image, and 60 MiB less peak RSS (docs/benchmarks.md).
      ctx.setJobSize(JOB);
      ctx.setChecksum(false);
      ctx.setContentSize(true);
      ctx.setPledgedSrcSize(size);
      // Direct buffers: zstd never works on a pinned heap array (see ParallelGzip).
      ByteBuffer source = ByteBuffer.allocateDirect(BUFFER);
      ByteBuffer target = ByteBuffer.allocateDirect(BUFFER);
      byte[] chunk = new byte[BUFFER];
      byte[] copy = new byte[BUFFER];
      for (int n; (n = in.read(chunk)) >= 0; ) {
        source.clear();
        source.put(chunk, 0, n).flip();
        while (source.hasRemaining()) {
          ctx.compressDirectByteBufferStream(target, source, EndDirective.CONTINUE);
          write(target, copy, out);
        }
      }
      source.clear().flip();
      boolean done;
      do {
        done = ctx.compressDirectByteBufferStream(target, source, EndDirective.END);
        write(target, copy, out);
      } while (!done);
    } catch (RuntimeException e) {
      // zstd-jni reports a stream that is not the size it was pledged, among others, unchecked.
      throw new IOException("zstd compression failed: " + e.getMessage(), e);
    }
  }

  /** A stream of the decompressed bytes of a zstd blob. */
  static InputStream decompressing(InputStream compressed) throws IOException {
    requireLibrary();
    return new ZstdInputStreamNoFinalizer(compressed);
  }

  private static ZstdCompressCtx context() {
    requireLibrary();
    return new ZstdCompressCtx();
  }

  private static void requireLibrary() {
    try {
      Class.forName("com.github.luben.zstd.ZstdCompressCtx");
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "zstd layers need com.github.luben:zstd-jni on the class path (an optional dependency"
              + " of ecr-cname-core)",
          e);
    }
  }

  private static void write(ByteBuffer target, byte[] copy, OutputStream out) throws IOException {
    target.flip();
    while (target.hasRemaining()) {
      int n = Math.min(target.remaining(), copy.length);
      target.get(copy, 0, n);
      out.write(copy, 0, n);
    }
    target.clear();
  }
}
