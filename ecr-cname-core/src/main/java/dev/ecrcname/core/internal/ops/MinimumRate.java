package dev.ecrcname.core.internal.ops;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A blob body that must keep moving: fewer than {@code bytesPerSecond} on average over the last
 * window ends it as a timeout, which the retry loop resumes with {@code Range}. The read timeout
 * alone catches silence, but not a server that trickles a byte just before each timeout (issue 12,
 * defect 10). The window slides (issue 21, item 17): a fast start cannot pay for a trickle that
 * follows it, which a window restarting after each good stretch let run for two more windows.
 */
final class MinimumRate extends FilterInputStream {
  /** The window is kept as this many slots; a trickle is seen within one window and one slot. */
  private static final int SLOTS = 16;

  private final long windowNanos;
  private final long slotNanos;
  private final long minimumPerWindow;
  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private final long start;
  private final SlidingCount recent;

  MinimumRate(InputStream in, Duration window, long bytesPerSecond) {
    this(in, window, bytesPerSecond, System::nanoTime);
  }

  /** {@code nanoTime} is a monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
  MinimumRate(InputStream in, Duration window, long bytesPerSecond, LongSupplier nanoTime) {
    super(in);
    this.windowNanos = window.toNanos();
    this.slotNanos = Math.max(1, windowNanos / SLOTS);
    this.bytesPerSecond = bytesPerSecond;
    this.minimumPerWindow = Math.max(1, (long) (bytesPerSecond * (windowNanos / 1e9)));
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.recent = new SlidingCount(SLOTS + 2);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    count(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    count(n);
    return n;
  }

  private void count(int n) throws SocketTimeoutException {
    if (n < 0) {
      return; // the end of the body is never too slow
    }
    long now = nanoTime.getAsLong();
    recent.add(Math.floorDiv(now - start, slotNanos), n);
    // Slots that end before the window are forgotten; the one straddling its start is kept, so a
    // body at exactly the minimum rate always has a full window's bytes in hand.
    long firstSlot = Math.floorDiv(now - start - windowNanos, slotNanos);
    long bytes = recent.sinceSlot(firstSlot);
    if (now - start < windowNanos || bytes >= minimumPerWindow) {
      return;
    }
    throw new SocketTimeoutException(
        "the body moved "
            + bytes
            + " bytes in the last "
            + Duration.ofNanos(windowNanos).toMillis()
            + " ms, below the minimum of "
            + bytesPerSecond
            + " bytes/s");
  }

  /** Byte counts per time slot, for the last few slots only. */
  private static final class SlidingCount {
    private final long[] slot;
    private final long[] bytes;

    SlidingCount(int size) {
      this.slot = new long[size];
      this.bytes = new long[size];
      Arrays.fill(slot, Long.MIN_VALUE);
    }

    void add(long at, long n) {
      int i = (int) Math.floorMod(at, (long) slot.length);
      if (slot[i] != at) {
        slot[i] = at;
        bytes[i] = 0;
      }
      bytes[i] += n;
    }

    long sinceSlot(long first) {
      long sum = 0;
      for (int i = 0; i < slot.length; i++) {
        if (slot[i] >= first) {
          sum += bytes[i];
        }
      }
      return sum;
    }
  }
}
