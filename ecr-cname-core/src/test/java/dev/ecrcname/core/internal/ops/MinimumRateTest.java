package dev.ecrcname.core.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** Every body here moves a {@link MutableClock}: no test waits, and none depends on the load. */
class MinimumRateTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));

  private final LongSupplier nanoTime =
      () -> Duration.between(Instant.EPOCH, clock.instant()).toNanos();

  /** The clock since the body was opened. */
  private Duration elapsedSince(Instant opened) {
    return Duration.between(opened, clock.instant());
  }

  @Test
  void aBodyBelowTheRateEndsAsATimeoutNamingTheRate() {
    InputStream slow =
        new MinimumRate(new Paced(clock).then(10_000, 1, 100), MINUTE, 1024, nanoTime);
    Instant opened = clock.instant();

    assertThatThrownBy(() -> slow.readNBytes(10_000))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("below the minimum of 1024 bytes/s");
    assertThat(elapsedSince(opened)).isBetween(MINUTE, MINUTE.plusSeconds(4));
  }

  @Test
  void aBodyAboveTheRatePassesEveryByteUnchanged() throws IOException {
    byte[] bytes = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(bytes);
    Paced paced = new Paced(clock).then(bytes, 8192, 1);
    InputStream fast = new MinimumRate(paced, Duration.ofMillis(100), 1024 * 1024, nanoTime);

    assertThat(fast.read()).isEqualTo(bytes[0] & 0xff);
    assertThat(fast.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 1, bytes.length));
    assertThat(fast.read()).as("the end of the body is never too slow").isEqualTo(-1);
  }

  @Test
  void aBodyReadByteByByteIsJudgedToo() {
    InputStream slow =
        new MinimumRate(new Paced(clock).then(10_000, 1, 100), MINUTE, 1024, nanoTime);

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 10_000; i++) {
                slow.read();
              }
            })
        .isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aBodyAtExactlyTheMinimumRatePassesEveryWindow() throws IOException {
    // Ten minutes of 1024 bytes a second: never below the rate, so never ended.
    InputStream steady =
        new MinimumRate(new Paced(clock).then(600 * 1024, 1024, 1000), MINUTE, 1024, nanoTime);

    assertThat(steady.readAllBytes()).hasSize(600 * 1024);
  }

  @Test
  void aBodyJustBelowTheMinimumRateIsEnded() {
    InputStream steady =
        new MinimumRate(new Paced(clock).then(600 * 1000, 1000, 1000), MINUTE, 1024, nanoTime);

    assertThatThrownBy(steady::readAllBytes).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aBodyArrivingInLargeChunksAboveTheRatePasses() throws IOException {
    // 64 KiB once a minute: 1092 bytes/s on average, however lumpy.
    InputStream lumpy =
        new MinimumRate(
            new Paced(clock).then(20 * 64 * 1024, 64 * 1024, 60_000), MINUTE, 1024, nanoTime);

    byte[] read = new byte[20 * 64 * 1024 + 1];
    assertThat(lumpy.readNBytes(read, 0, read.length)).isEqualTo(20 * 64 * 1024);
  }

  @Test
  void aTrickleAfterAFastStartIsEndedWithinAboutOneWindow() {
    // Item 17: 100 KiB in the first second, then 100 bytes a second. A window that restarted after
    // the fast one let the trickle run for two more windows.
    Paced body = new Paced(clock).then(100 * 1024, 1024, 10).then(1_000_000, 100, 1000);
    InputStream judged = new MinimumRate(body, MINUTE, 1024, nanoTime);
    Instant opened = clock.instant();

    assertThatThrownBy(() -> judged.readNBytes(2_000_000))
        .isInstanceOf(SocketTimeoutException.class);
    Duration trickling = elapsedSince(opened).minusSeconds(1);
    assertThat(trickling).isLessThanOrEqualTo(MINUTE.plusSeconds(4));
  }

  /**
   * A body in stretches, each of {@code bytes} handed out at most {@code perRead} per read, each
   * read after {@code pauseMillis} on the clock: a server sending at a set pace.
   */
  static final class Paced extends InputStream {
    private final MutableClock clock;
    private final java.util.ArrayDeque<long[]> stretches = new java.util.ArrayDeque<>();
    private byte[] content = new byte[0];
    private int position;

    Paced(MutableClock clock) {
      this.clock = clock;
    }

    Paced then(int bytes, int perRead, long pauseMillis) {
      return then(new byte[bytes], perRead, pauseMillis);
    }

    Paced then(byte[] bytes, int perRead, long pauseMillis) {
      int from = content.length;
      content = Arrays.copyOf(content, from + bytes.length);
      System.arraycopy(bytes, 0, content, from, bytes.length);
      stretches.add(new long[] {from + bytes.length, perRead, pauseMillis});
      return this;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      while (!stretches.isEmpty() && position >= stretches.peek()[0]) {
        stretches.remove();
      }
      if (stretches.isEmpty()) {
        return -1;
      }
      if (length == 0) {
        return 0; // as a socket: nothing asked for, nothing waited for
      }
      long[] stretch = stretches.peek();
      clock.advance(Duration.ofMillis(stretch[2]));
      int n = (int) Math.min(Math.min(stretch[1], length), stretch[0] - position);
      System.arraycopy(content, position, buffer, offset, n);
      position += n;
      return n;
    }
  }
}
