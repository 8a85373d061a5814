package dev.ecrcname.core.internal.ops;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A blob body that must keep moving: fewer than {@code bytesPerSecond} on average over a window
 * ends it as a timeout, which the retry loop resumes with {@code Range}. The read timeout alone
 * catches silence, but not a server that trickles a byte just before each timeout (issue 12, defect
 * 10).
 */
final class MinimumRate extends FilterInputStream {
  private final long windowNanos;
  private final long minimumPerWindow;
  private final long bytesPerSecond;
  private long windowStart = System.nanoTime();
  private long windowBytes;

  MinimumRate(InputStream in, Duration window, long bytesPerSecond) {
    super(in);
    this.windowNanos = window.toNanos();
    this.bytesPerSecond = bytesPerSecond;
    this.minimumPerWindow = Math.max(1, (long) (bytesPerSecond * (windowNanos / 1e9)));
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
    windowBytes += n;
    long now = System.nanoTime();
    if (now - windowStart < windowNanos) {
      return;
    }
    if (windowBytes < minimumPerWindow) {
      throw new SocketTimeoutException(
          "the body moved "
              + windowBytes
              + " bytes in "
              + Duration.ofNanos(now - windowStart).toMillis()
              + " ms, below the minimum of "
              + bytesPerSecond
              + " bytes/s");
    }
    windowStart = now;
    windowBytes = 0;
  }
}
