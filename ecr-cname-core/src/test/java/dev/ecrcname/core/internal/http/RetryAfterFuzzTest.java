package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecrcname.core.RegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fuzzing of {@code Retry-After} (issue 21): any value gives no wait or a wait of zero or more,
 * seconds read back exactly, and the pause the retry loop takes is at most a minute. Seeds in
 * {@code RetryAfterFuzzTestInputs/}; {@code scripts/fuzz} searches for more.
 */
class RetryAfterFuzzTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);

  @FuzzTest
  void aRetryAfterIsABoundedWaitOrNone(byte[] input) {
    String value = new String(input, StandardCharsets.UTF_8);
    Duration told = RetryPolicy.parseRetryAfter(value);
    if (told == null) {
      return;
    }
    assertThat(told).isGreaterThanOrEqualTo(Duration.ZERO);
    String trimmed = value.trim();
    if (trimmed.matches("[0-9]{1,18}")) {
      assertThat(told)
          .as("seconds read back exactly")
          .isEqualTo(Duration.ofSeconds(Long.parseLong(trimmed)));
    }
    RegistryException throttled =
        new RegistryException(429, RegistryException.ErrorCode.TOOMANYREQUESTS, "slow down", told);
    assertThat(RetryPolicy.DEFAULT.delay(1, throttled)).isBetween(Duration.ZERO, MINUTE);
  }
}
