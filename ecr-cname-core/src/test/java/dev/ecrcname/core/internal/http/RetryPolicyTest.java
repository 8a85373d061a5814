package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.TransportException;
import dev.ecrcname.core.TransportException.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));
  final TransportException reset =
      new TransportException(TransportException.Kind.IO, "connection reset");

  static RegistryException throttled(String retryAfter) {
    return new RegistryException(
        429,
        RegistryException.ErrorCode.TOOMANYREQUESTS,
        "throttled",
        RetryPolicy.parseRetryAfter(retryAfter));
  }

  @Test
  void retryAfterSecondsIsHonoured() {
    assertThat(policy.delay(1, throttled("3"))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void hugeRetryAfterIsClampedToAMinute() {
    assertThat(policy.delay(1, throttled("86400"))).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void backoffGrowsAndStaysUnderTheCap() {
    for (int i = 0; i < 50; i++) {
      assertThat(policy.delay(1, reset)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
      assertThat(policy.delay(3, reset)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(policy.delay(10, reset)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
  }

  @Test
  void onlyThrottlingAndServerErrorsAreRetryable() {
    assertThat(RetryPolicy.isRetryable(429)).isTrue();
    assertThat(RetryPolicy.isRetryable(503)).isTrue();
    assertThat(RetryPolicy.isRetryable(404)).isFalse();
    assertThat(RetryPolicy.isRetryable(501)).isFalse();
  }

  @Test
  void failuresThatCannotChangeAreNotRetried() {
    assertThat(RetryPolicy.isRetryable(reset)).isTrue();
    assertThat(RetryPolicy.isRetryable(throttled("1"))).isTrue();
    for (TransportException.Kind kind :
        List.of(
            Kind.DNS,
            Kind.TLS_NAME,
            Kind.TLS_UNTRUSTED,
            Kind.TLS,
            Kind.REFUSED,
            Kind.INTERRUPTED)) {
      assertThat(RetryPolicy.isRetryable(new TransportException(kind, "x")))
          .as(kind.name())
          .isFalse();
    }
    assertThat(RetryPolicy.isRetryable(new ContentException(ContentException.Problem.INVALID, "x")))
        .isFalse();
    assertThat(
            RetryPolicy.isRetryable(
                new RegistryException(404, RegistryException.ErrorCode.UNKNOWN, "x")))
        .isFalse();
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    String inTenSeconds =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(10));
    assertThat(RetryPolicy.parseRetryAfter(inTenSeconds))
        .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    assertThat(RetryPolicy.parseRetryAfter("soon")).isNull();
  }
}
