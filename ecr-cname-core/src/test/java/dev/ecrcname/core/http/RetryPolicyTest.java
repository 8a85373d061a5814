package dev.ecrcname.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void retryAfterSecondsIsHonoured() {
    assertThat(policy.delay(1, "3")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void hugeRetryAfterIsClampedToAMinute() {
    assertThat(policy.delay(1, "86400")).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void backoffGrowsAndStaysUnderTheCap() {
    for (int i = 0; i < 50; i++) {
      assertThat(policy.delay(1, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
      assertThat(policy.delay(3, null)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(policy.delay(10, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
  }

  @Test
  void onlyThrottlingAndServerErrorsAreRetryable() {
    assertThat(RetryPolicy.isRetryable(429)).isTrue();
    assertThat(RetryPolicy.isRetryable(503)).isTrue();
    assertThat(RetryPolicy.isRetryable(404)).isFalse();
    assertThat(RetryPolicy.isRetryable(501)).isFalse();
  }
}
