package dev.ecrcname.core.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * When to try again: IOExceptions and 429/500/502/503/504, with exponential backoff and jitter (half to all of the cap), honouring {@code
 * Retry-After} (ECR throttles with 429 {@code TOOMANYREQUESTS}).
 *
 * @param maxAttempts total tries, including the first
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(20));
  /** Retry-After beyond this is clamped: a deploy script should not sleep for an hour. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  /**
   * Whether an I/O failure means "stop": the thread was interrupted. A read or connect timeout is also an
   * InterruptedIOException in Java, but it is a network failure like any other and is retried.
   */
  public static boolean isInterrupt(IOException e) {
    return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
  }

  public static boolean isRetryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** The pause before attempt number {@code attempt + 1} (attempt counts from 1). */
  public Duration delay(int attempt, @Nullable String retryAfter) {
    Duration told = parseRetryAfter(retryAfter);
    if (told != null) {
      return told.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : told;
    }
    long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }

  static @Nullable Duration parseRetryAfter(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException neither) {
        return null;
      }
    }
  }
}
