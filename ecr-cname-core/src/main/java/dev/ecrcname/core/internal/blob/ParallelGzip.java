package dev.ecrcname.core.internal.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
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
 * gzip on every core, the way pigz does it: the input is cut into blocks of a fixed size, each block is deflated on
 * its own (raw deflate, primed with the previous block's last 32 KiB as dictionary, so the ratio stays close to one
 * stream's), ended with a sync flush (the last with finish), and the blocks are concatenated into ONE gzip member.
 * The output depends only on the input, the level and the block size, never on the thread count or timing, so the
 * same layer always gets the same digest. The header is fixed (no name, mtime 0, OS 255 "unknown").
 *
 * <p>The caller's thread reads, computes the CRC-32 and writes, in order; the pool only deflates. At most
 * {@code window} blocks are in flight, which bounds memory to about {@code 2 × window × blockSize}.
 */
public final class ParallelGzip {
  /** A constant: changing it changes every digest we push. pigz uses 128 KiB; 1 MiB keeps task overhead small. */
  static final int BLOCK_SIZE = 1 << 20;

  private static final int DICTIONARY = 32 * 1024;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
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
      throw new IllegalArgumentException("level " + level + ", block " + blockSize + ", window " + window);
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
    ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    byte @Nullable [] dictionary = null;
    try {
      byte[] block = in.readNBytes(blockSize);
      while (true) {
        byte[] next = block.length == blockSize ? in.readNBytes(blockSize) : new byte[0];
        boolean last = next.length == 0;
        crc.update(block);
        total += block.length;
        if (inFlight.size() == window) {
          out.write(await(inFlight.removeFirst()));
        }
        inFlight.addLast(pool.submit(new Block(block, dictionary, last, level)));
        if (last) {
          break;
        }
        dictionary = Arrays.copyOfRange(block, block.length - DICTIONARY, block.length);
        block = next;
      }
      while (!inFlight.isEmpty()) {
        out.write(await(inFlight.removeFirst()));
      }
    } finally {
      inFlight.forEach(f -> f.cancel(true));
    }
    out.write(trailer(crc.getValue(), total));
  }

  private static byte[] await(Future<byte[]> block) throws IOException {
    try {
      return block.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("gzip interrupted");
    } catch (ExecutionException e) {
      throw new IOException("gzip of a block failed: " + e.getCause(), e.getCause());
    }
  }

  private static byte[] trailer(long crc, long total) {
    byte[] t = new byte[8];
    for (int i = 0; i < 4; i++) {
      t[i] = (byte) (crc >>> (8 * i));
      t[4 + i] = (byte) (total >>> (8 * i)); // ISIZE: the length modulo 2^32
    }
    return t;
  }

  /** One block's raw deflate data, byte-aligned by the sync flush so that blocks concatenate. */
  private record Block(byte[] input, byte @Nullable [] dictionary, boolean last, int level)
      implements java.util.concurrent.Callable<byte[]> {
    @Override
    public byte[] call() {
      Deflater deflater = new Deflater(level, true);
      try {
        if (dictionary != null) {
          deflater.setDictionary(dictionary);
        }
        deflater.setInput(input);
        if (last) {
          deflater.finish();
        }
        byte[] out = new byte[input.length + input.length / 8 + 64];
        int length = 0;
        while (true) {
          if (length == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          int space = out.length - length;
          length += deflater.deflate(out, length, space, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
          // Done: the last block when finished; the others once a flush had room to spare (Deflater.deflate's rule).
          if (last ? deflater.finished() : out.length - length > 0 && deflater.needsInput()) {
            return Arrays.copyOf(out, length);
          }
        }
      } finally {
        deflater.end();
      }
    }
  }

  private static ExecutorService sharedPool() {
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "ecr-cname-gzip-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
