package dev.ecrcname.core.internal.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * gzip on every core: the input is cut into blocks of a fixed size and each block is compressed on
 * its own, by one of two engines ({@link GzipBlocks.Engine}):
 *
 * <ul>
 *   <li>libdeflate, where it is available: each block becomes its own gzip member, about twice as
 *       fast as zlib and 4% smaller at level 1 (docs/benchmarks.md);
 *   <li>the JDK's zlib otherwise, the way pigz does it: each block is raw deflate primed with the
 *       previous block's last 32 KiB as dictionary (so the ratio stays close to one stream's),
 *       ended with a sync flush, and the blocks are concatenated into ONE gzip member, closed by an
 *       empty final block.
 * </ul>
 *
 * <p>The output depends only on the engine, the input, the level and the block size, never on the
 * thread count or timing, so the same layer always gets the same digest from the same engine. The
 * headers are fixed (no name, mtime 0, OS 255 "unknown").
 *
 * <p>The caller's thread reads, computes the CRC-32 and writes, in order; the pool only deflates.
 * At most {@code window} blocks are in flight, in a ring of reused buffers of about {@code 2.2 ×
 * window × blockSize}.
 *
 * <p>Both engines work on direct buffers of the pool thread ({@link DirectBuffers}), never on heap
 * arrays: {@code Deflater.deflate(byte[])} (and libdeflate's array methods) pin both arrays for the
 * whole call (a JNI critical region, about 10 ms per block), and with every core deflating, nearly
 * every allocation failure then met an active GC locker, which makes the JVM grow the heap instead
 * of collecting it: a push without {@code -Xmx} peaked at 270–450 MiB (docs/benchmarks.md, "The GC
 * locker").
 */
public final class ParallelGzip {
  /**
   * A constant: changing it changes every digest we push. pigz uses 128 KiB; 1 MiB keeps task
   * overhead small.
   */
  static final int BLOCK_SIZE = 1 << 20;

  private static final int DICTIONARY = 32 * 1024;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /**
   * An empty final block with fixed codes: every block before it ended with a sync flush, on a byte
   * boundary.
   */
  private static final byte[] LAST_BLOCK = {3, 0};

  private static final ExecutorService SHARED = sharedPool();

  private final GzipBlocks.Engine engine;
  private final int level;
  private final int blockSize;
  private final ExecutorService pool;
  private final int window;

  /**
   * A compressor through {@code engine} on a shared pool of one thread per core, whose threads end
   * when idle.
   */
  ParallelGzip(GzipBlocks.Engine engine, int level) {
    this(engine, level, BLOCK_SIZE, SHARED, Runtime.getRuntime().availableProcessors() + 1);
  }

  ParallelGzip(
      GzipBlocks.Engine engine, int level, int blockSize, ExecutorService pool, int window) {
    if (level < 0 || level > 9 || blockSize < DICTIONARY || window < 1) {
      throw new IllegalArgumentException(
          "level " + level + ", block " + blockSize + ", window " + window);
    }
    this.engine = engine;
    this.level = level;
    this.blockSize = blockSize;
    this.pool = pool;
    this.window = window;
  }

  /** The engine this compressor uses. */
  GzipBlocks.Engine engine() {
    return engine;
  }

  /**
   * Reads {@code in} to its end and writes gzip to {@code out}: one member (zlib), or one per block
   * and one for an empty input (libdeflate); closes neither.
   */
  public void compress(InputStream in, OutputStream out) throws IOException {
    boolean members = engine.members;
    if (!members) {
      out.write(HEADER);
    }
    CRC32 crc = new CRC32();
    long total = 0;
    Slot[] ring = new Slot[window];
    try {
      Slot previous = null;
      long i = 0;
      for (; ; i++) {
        int index = (int) (i % window);
        Slot slot = ring[index];
        if (slot == null) {
          slot = ring[index] = new Slot(blockSize, engine.newDeflating(level));
        } else {
          slot.writeTo(out); // the block this slot held last; blocks are written in input order
        }
        slot.primeFrom(
            previous); // before the read, since with a window of 1 the previous slot is this one
        int n = fill(in, slot.input);
        if (n == 0 && (i > 0 || !members)) {
          break;
        }
        if (!members) {
          crc.update(slot.input, 0, n);
        }
        total += n;
        slot.start(n, pool);
        previous = slot;
      }
      for (long j = i + 1; j < i + window; j++) { // the blocks still in flight, oldest first
        Slot slot = ring[(int) (j % window)];
        if (slot != null) {
          slot.writeTo(out);
        }
      }
    } finally {
      for (Slot slot : ring) {
        if (slot != null) {
          slot.end();
        }
      }
    }
    if (!members) {
      out.write(LAST_BLOCK);
      out.write(trailer(crc.getValue(), total));
    }
  }

  /**
   * Reads until {@code block} is full or the input ends. Not {@code readNBytes}, which some streams
   * override with a single read; a short block in the middle would change the output.
   */
  private static int fill(InputStream in, byte[] block) throws IOException {
    int n = 0;
    for (int r; n < block.length && (r = in.read(block, n, block.length - n)) >= 0; ) {
      n += r;
    }
    return n;
  }

  private static byte[] trailer(long crc, long total) {
    byte[] t = new byte[8];
    for (int i = 0; i < 4; i++) {
      t[i] = (byte) (crc >>> (8 * i));
      t[4 + i] = (byte) (total >>> (8 * i)); // ISIZE: the length modulo 2^32
    }
    return t;
  }

  /**
   * One block's buffers and deflater, reused for every {@code window}-th block so that a layer of
   * any size allocates only the ring. The task reads only this slot's fields, and the caller
   * touches them again only after {@link #writeTo} has waited for the task.
   */
  private static final class Slot implements GzipBlocks.Sink {
    final byte[] input;
    final byte[] dictionary = new byte[DICTIONARY];
    final GzipBlocks.Deflating deflating;
    byte[] output;
    int inputLength;
    int outputLength;
    boolean primed;
    @Nullable Future<?> pending;

    Slot(int blockSize, GzipBlocks.Deflating deflating) {
      input = new byte[blockSize];
      output = new byte[blockSize + blockSize / 8 + 64];
      this.deflating = deflating;
    }

    /**
     * Keeps the end of {@code previous}'s input as this block's dictionary; no dictionary for the
     * first block.
     */
    void primeFrom(@Nullable Slot previous) {
      // Only a full block can have a successor (fill() fills a block unless the input ended), and
      // it is never shorter than DICTIONARY; a short one was the last, so no block will use this
      // dictionary. Only zlib uses it.
      primed = previous != null && previous.inputLength == previous.input.length;
      if (previous != null && primed) {
        System.arraycopy(
            previous.input, previous.inputLength - DICTIONARY, dictionary, 0, DICTIONARY);
      }
    }

    /** Deflates {@code length} input bytes on the pool. */
    void start(int length, ExecutorService pool) {
      inputLength = length;
      pending = pool.submit(this::deflate);
    }

    private void deflate() {
      DirectBuffers direct = DirectBuffers.forThisThread(input.length);
      ByteBuffer primer = null;
      if (primed) {
        primer = direct.dictionary.clear().put(dictionary).flip();
      }
      direct.input.clear();
      direct.input.put(input, 0, inputLength).flip();
      outputLength = 0;
      deflating.deflate(direct.input, primer, direct.output, this);
    }

    @Override
    public void append(ByteBuffer piece) {
      int n = piece.remaining();
      if (outputLength + n > output.length) {
        output = Arrays.copyOf(output, Math.max(output.length * 2, outputLength + n));
      }
      piece.get(output, outputLength, n);
      outputLength += n;
    }

    void writeTo(OutputStream out) throws IOException {
      Future<?> task = pending;
      if (task == null) {
        return;
      }
      pending = null;
      try {
        task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("gzip interrupted");
      } catch (ExecutionException e) {
        throw new IOException("gzip of a block failed: " + e.getCause(), e.getCause());
      }
      out.write(output, 0, outputLength);
    }

    /**
     * Frees the native compressor, cancelling a block still in flight after a failure. Both engines
     * lock their native state, so a task still running finishes its call first and then fails,
     * never touching freed memory.
     */
    void end() {
      Future<?> task = pending;
      if (task != null) {
        task.cancel(false);
      }
      deflating.end();
    }
  }

  /**
   * A pool thread's direct buffers for the native compressors: the block's input, its dictionary,
   * and the output (a whole libdeflate member; zlib's output does not depend on how its output
   * space is cut). About 2.1 MiB per thread at 1 MiB blocks, freed with the thread; the shared
   * pool's threads end when idle.
   */
  private static final class DirectBuffers {
    private static final ThreadLocal<@Nullable DirectBuffers> MINE = new ThreadLocal<>();

    final ByteBuffer input;
    final ByteBuffer dictionary = ByteBuffer.allocateDirect(DICTIONARY);
    final ByteBuffer output;

    private DirectBuffers(int blockSize) {
      input = ByteBuffer.allocateDirect(blockSize);
      output = ByteBuffer.allocateDirect(GzipBlocks.scratchFor(blockSize));
    }

    static DirectBuffers forThisThread(int blockSize) {
      DirectBuffers buffers = MINE.get();
      if (buffers == null || buffers.input.capacity() < blockSize) {
        buffers = new DirectBuffers(Math.max(blockSize, BLOCK_SIZE));
        MINE.set(buffers);
      }
      return buffers;
    }
  }

  private static ExecutorService sharedPool() {
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "ecr-cname-gzip-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
