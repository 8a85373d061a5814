package dev.ecrcname.core.internal.http;

import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.TransportException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * When to try again, and after how long: transient network failures and 429/500/502/503/504, with
 * exponential backoff and jitter (half to all of the cap), honouring {@code Retry-After} (ECR
 * throttles with 429 {@code TOOMANYREQUESTS}). A wrong name, certificate or Location, an interrupt,
 * or content that failed its digest never changes by trying again.
 *
 * @param maxAttempts total tries, including the first
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(20));

  /** Retry-After beyond this is clamped: a deploy script should not sleep for an hour. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  public static boolean isRetryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** Whether {@code failure} could go away by trying again. */
  public static boolean isRetryable(EcrCnameException failure) {
    if (failure instanceof TransportException t) {
      return t.isTransient();
    }
    if (failure instanceof RegistryException r) {
      // An upload session the registry forgot (expired, or lost behind a load balancer) is
      // restarted.
      return isRetryable(r.status()) || r.code() == RegistryException.ErrorCode.BLOB_UPLOAD_UNKNOWN;
    }
    return false;
  }

  /**
   * The pause before attempt number {@code attempt + 1} (attempt counts from 1) after {@code
   * failure}.
   */
  public Duration delay(int attempt, EcrCnameException failure) {
    if (failure instanceof RegistryException r && r.retryAfter().isPresent()) {
      Duration told = r.retryAfter().get();
      return told.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : told;
    }
    long cap =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }

  /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
  public static @Nullable Duration parseRetryAfter(@Nullable String value) {
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
