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
  void aSlowStretchAfterAGoodWindowIsJudgedOnItsOwn() throws IOException {
    InputStream burstThenTrickle =
        new SequenceInputStream(new ByteArrayInputStream(new byte[64 * 1024]), new Trickle(30));
    InputStream body = new MinimumRate(burstThenTrickle, Duration.ofMillis(100), 2000);

    assertThat(body.readNBytes(64 * 1024)).hasSize(64 * 1024);
    assertThatThrownBy(() -> body.readNBytes(1000)).isInstanceOf(SocketTimeoutException.class);
  }
}
