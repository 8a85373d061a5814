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
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * gzip on every core, the way pigz does it: the input is cut into blocks of a fixed size, each
 * block is deflated on its own (raw deflate, primed with the previous block's last 32 KiB as
 * dictionary, so the ratio stays close to one stream's), ended with a sync flush, and the blocks
 * are concatenated into ONE gzip member, closed by an empty final block. The output depends only on
 * the input, the level and the block size, never on the thread count or timing, so the same layer
 * always gets the same digest. The header is fixed (no name, mtime 0, OS 255 "unknown").
 *
 * <p>The caller's thread reads, computes the CRC-32 and writes, in order; the pool only deflates.
 * At most {@code window} blocks are in flight, in a ring of reused buffers of about {@code 2.2 ×
 * window × blockSize}.
 *
 * <p>zlib works on direct buffers of the pool thread ({@link DirectBuffers}), never on heap arrays:
 * {@code Deflater.deflate(byte[])} pins both arrays for the whole call (a JNI critical region,
 * about 10 ms per block), and with every core deflating, nearly every allocation failure then met
 * an active GC locker, which makes the JVM grow the heap instead of collecting it: a push without
 * {@code -Xmx} peaked at 270–450 MiB (docs/benchmarks.md, "The GC locker").
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

  private final int level;
  private final int blockSize;
  private final ExecutorService pool;
  private final int window;

  /** A compressor on a shared pool of one thread per core, whose threads end when idle. */
  public ParallelGzip(int level) {
    this(level, BLOCK_SIZE, SHARED, Runtime.getRuntime().availableProcessors() + 1);
  }

  ParallelGzip(int level, int blockSize, ExecutorService pool, int window) {
    if (level < 0 || level > 9 || blockSize < DICTIONARY || window < 1) {
      throw new IllegalArgumentException(
          "level " + level + ", block " + blockSize + ", window " + window);
    }
    this.level = level;
    this.blockSize = blockSize;
    this.pool = pool;
    this.window = window;
  }

  /** Reads {@code in} to its end and writes one gzip member to {@code out}; closes neither. */
  public void compress(InputStream in, OutputStream out) throws IOException {
    out.write(HEADER);
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
          slot = ring[index] = new Slot(blockSize, level);
        } else {
          slot.writeTo(out); // the block this slot held last; blocks are written in input order
        }
        slot.primeFrom(
            previous); // before the read, since with a window of 1 the previous slot is this one
        int n = fill(in, slot.input);
        if (n == 0) {
          break;
        }
        crc.update(slot.input, 0, n);
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
    out.write(LAST_BLOCK);
    out.write(trailer(crc.getValue(), total));
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
  private static final class Slot {
    final byte[] input;
    final byte[] dictionary = new byte[DICTIONARY];
    final Deflater deflater;
    byte[] output;
    int inputLength;
    int outputLength;
    boolean primed;
    @Nullable Future<?> pending;

    Slot(int blockSize, int level) {
      input = new byte[blockSize];
      output = new byte[blockSize + blockSize / 8 + 64];
      deflater = new Deflater(level, true);
    }

    /**
     * Keeps the end of {@code previous}'s input as this block's dictionary; no dictionary for the
     * first block.
     */
    void primeFrom(@Nullable Slot previous) {
      // Only a full block can have a successor (fill() fills a block unless the input ended), and
      // it is never
      // shorter than DICTIONARY; a short one was the last, so no block will use this dictionary.
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
      DirectBuffers direct = DirectBuffers.forThisThread(inputLength);
      deflater.reset();
      if (primed) {
        direct.dictionary.clear();
        direct.dictionary.put(dictionary).flip();
        deflater.setDictionary(direct.dictionary);
      }
      direct.input.clear();
      direct.input.put(input, 0, inputLength).flip();
      deflater.setInput(direct.input);
      int length = 0;
      while (true) {
        direct.output.clear();
        deflater.deflate(direct.output, Deflater.SYNC_FLUSH);
        direct.output.flip();
        int n = direct.output.remaining();
        if (length + n > output.length) {
          output = Arrays.copyOf(output, Math.max(output.length * 2, length + n));
        }
        direct.output.get(output, length, n);
        length += n;
        // A sync flush that left room to spare has emitted everything (Deflater.deflate's rule); it
        // also ends the block on a byte boundary, so that the next block's data can simply follow.
        if (n < direct.output.capacity() && deflater.needsInput()) {
          outputLength = length;
          return;
        }
      }
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
     * Frees the native deflater, cancelling a block still in flight after a failure. Deflater's
     * methods lock the native state, so a task still running finishes its call first and then
     * fails, never touching freed memory.
     */
    void end() {
      Future<?> task = pending;
      if (task != null) {
        task.cancel(false);
      }
      deflater.end();
    }
  }

  /**
   * A pool thread's direct buffers for zlib: the block's input, its dictionary, and a piece of
   * output (zlib's output does not depend on how its output space is cut). About 1.1 MiB per
   * thread, freed with the thread; the shared pool's threads end when idle.
   */
  private static final class DirectBuffers {
    private static final int OUTPUT = 64 * 1024;
    private static final ThreadLocal<@Nullable DirectBuffers> MINE = new ThreadLocal<>();

    final ByteBuffer input;
    final ByteBuffer dictionary = ByteBuffer.allocateDirect(DICTIONARY);
    final ByteBuffer output = ByteBuffer.allocateDirect(OUTPUT);

    private DirectBuffers(int inputCapacity) {
      input = ByteBuffer.allocateDirect(inputCapacity);
    }

    static DirectBuffers forThisThread(int inputLength) {
      DirectBuffers buffers = MINE.get();
      if (buffers == null || buffers.input.capacity() < inputLength) {
        buffers = new DirectBuffers(Math.max(inputLength, BLOCK_SIZE));
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
