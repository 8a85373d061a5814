package dev.ecrcname.core.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinimumRateTest {

  /** Hands out one byte per read, after a pause: a server trickling just enough to stay alive. */
  static final class Trickle extends InputStream {
    private final long pauseMillis;

    Trickle(long pauseMillis) {
      this.pauseMillis = pauseMillis;
    }

    @Override
    public int read() throws IOException {
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return 'x';
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      buffer[offset] = (byte) read(); // one byte per call, as a socket gives what has arrived
      return 1;
    }
  }

  @Test
  void aBodyBelowTheRateEndsAsATimeoutNamingTheRate() {
    InputStream slow = new MinimumRate(new Trickle(20), Duration.ofMillis(100), 1000);

    assertThatThrownBy(() -> slow.readNBytes(1000))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("below the minimum of 1000 bytes/s");
  }

  @Test
  void aBodyAboveTheRatePassesEveryByteUnchanged() throws IOException {
    byte[] bytes = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(bytes);
    InputStream fast = new MinimumRate(new ByteArrayInputStream(bytes), Duration.ofMillis(1), 1024);

    assertThat(fast.read()).isEqualTo(bytes[0] & 0xff);
    assertThat(fast.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 1, bytes.length));
    assertThat(fast.read()).as("the end of the body is never too slow").isEqualTo(-1);
  }

  @Test
  void aBodyReadByteByByteIsJudgedToo() {
    InputStream slow = new MinimumRate(new Trickle(20), Duration.ofMillis(100), 1000);

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 1000; i++) {
                slow.read();
              }
            })
        .isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aSteadyBodyWellAboveTheRatePassesEveryWindow() throws IOException {
    // Reads of up to 64 KiB, each after 2 ms: far above 1 MiB/s, checked in 1 ms windows.
    InputStream steady =
        new MinimumRate(new Chunks(64 * 1024, 2, 40), Duration.ofMillis(1), 1024 * 1024);

    assertThat(steady.readNBytes(64 * 1024 * 41)).hasSize(40 * 64 * 1024);
  }

  /** {@code count × size} zero bytes, at most {@code size} per read, each after a short pause. */
  static final class Chunks extends InputStream {
    private final int size;
    private final long pauseMillis;
    private long left;

    Chunks(int size, long pauseMillis, int count) {
      this.size = size;
      this.pauseMillis = pauseMillis;
      this.left = (long) size * count;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("read in chunks");
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left == 0) {
        return -1;
      }
      if (length == 0) {
        return 0; // as a socket: nothing asked for, nothing waited for
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      int n = (int) Math.min(Math.min(size, length), left);
      left -= n;
      Arrays.fill(buffer, offset, offset + n, (byte) 0);
      return n;
    }
  }

  @Test
  void aSlowStretchAfterAGoodWindowIsJudgedOnItsOwn() throws IOException {
    InputStream burstThenTrickle =
        new SequenceInputStream(new ByteArrayInputStream(new byte[64 * 1024]), new Trickle(30));
    InputStream body = new MinimumRate(burstThenTrickle, Duration.ofMillis(100), 2000);

    assertThat(body.readNBytes(64 * 1024)).hasSize(64 * 1024);
    assertThatThrownBy(() -> body.readNBytes(1000)).isInstanceOf(SocketTimeoutException.class);
  }
}
