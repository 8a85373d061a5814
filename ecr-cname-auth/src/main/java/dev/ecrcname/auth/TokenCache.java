package dev.ecrcname.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current ECR token and refreshes it single-flight: however many threads find the token
 * due, one of them calls AWS and the others wait for that call's result. GetAuthorizationToken is
 * limited to 20 TPS per account, so a refresh storm from a busy pull would throttle every client of
 * the account.
 *
 * <p>A token is served from the cache while more than {@code refreshAhead} of its life remains, and
 * in any case for {@link #MIN_FETCH_INTERVAL} after it was fetched, until it expires. A token
 * without an expiry, or already expired, is never served from the cache; it still serves the call
 * (and the calls waiting on the same fetch) that fetched it, so each call of {@link #get()} costs
 * at most one AWS call.
 */
final class TokenCache {
  /** After a failed refresh, how long a still-valid token is served before AWS is asked again. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

  /**
   * The least time between two fetches while the token is still valid. A token that arrives with no
   * more life than {@code refreshAhead} (a short-lived token, or a clock ahead of AWS's) is due at
   * once; without this bound every request would fetch (issue 12, defect 16). It is used until it
   * actually expires, refreshed at most once per this interval.
   */
  static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);

  private final Supplier<EcrToken> fetcher;
  private final Clock clock;
  private final Duration refreshAhead;
  private final ReentrantLock lock = new ReentrantLock();

  // All guarded by lock.
  private @Nullable EcrToken current;
  private @Nullable CompletableFuture<EcrToken> inFlight;
  private Instant quietUntil = Instant.MIN;
  // Bumped by invalidate(), so that a fetch started before it neither lands in the cache nor is
  // joined after it.
  private long epoch;

  TokenCache(Supplier<EcrToken> fetcher, Clock clock, Duration refreshAhead) {
    this.fetcher = fetcher;
    this.clock = clock;
    this.refreshAhead = refreshAhead;
  }

  /**
   * The token to use now: the cached one while it is fresh, otherwise the result of one (shared)
   * fetch.
   */
  EcrToken get() {
    CompletableFuture<EcrToken> result;
    boolean owner = false;
    long startEpoch;
    lock.lock();
    try {
      EcrToken cached = servable(clock.instant());
      if (cached != null) {
        return cached;
      }
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        owner = true;
      }
      result = inFlight;
      startEpoch = epoch;
    } finally {
      lock.unlock();
    }
    return owner ? fetch(result, startEpoch) : await(result);
  }

  /**
   * The cached token whatever its age, or a fetched one when there is none; for facts that do not
   * expire.
   */
  EcrToken latest() {
    lock.lock();
    try {
      if (current != null) {
        return current;
      }
    } finally {
      lock.unlock();
    }
    return get();
  }

  /** Forgets the cached token; the next {@link #get()} fetches anew. */
  void invalidate() {
    lock.lock();
    try {
      current = null;
      inFlight = null;
      quietUntil = Instant.MIN;
      epoch++;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The registry rejected the token with {@code password}. Only that token is dropped: when it was
   * already replaced, or a fetch is under way, the rejection is old news, so parallel transfers
   * hitting 401 together cost one fetch.
   */
  void rejected(String password) {
    lock.lock();
    try {
      if (current != null && current.credentials().password().equals(password)) {
        current = null;
        quietUntil = Instant.MIN;
      }
    } finally {
      lock.unlock();
    }
  }

  private @Nullable EcrToken servable(Instant now) {
    EcrToken token = current;
    Instant expiresAt = token == null ? null : token.expiresAt();
    if (token == null || expiresAt == null || !now.isBefore(expiresAt)) {
      return null;
    }
    if (Duration.between(now, expiresAt).compareTo(refreshAhead) > 0) {
      return token;
    }
    // Due for refresh, but a refresh just failed: keep serving the still-valid token for a while.
    return now.isBefore(quietUntil) ? token : null;
  }

  private EcrToken fetch(CompletableFuture<EcrToken> result, long startEpoch) {
    try {
      EcrToken token = fetcher.get();
      land(result, startEpoch, token);
      result.complete(token);
      return token;
    } catch (RuntimeException e) {
      EcrToken fallback = landFailure(result, startEpoch);
      if (fallback == null) {
        result.completeExceptionally(e);
        throw e;
      }
      LOG.warn(
          "Refreshing the ECR token failed; using the cached token (valid until {}) and retrying in {}s: {}",
          fallback.expiresAt(),
          RETRY_AFTER_FAILURE.toSeconds(),
          e.getMessage());
      result.complete(fallback);
      return fallback;
    } catch (Error e) {
      landFailure(result, startEpoch);
      result.completeExceptionally(e); // waiters must never hang
      throw e;
    }
  }

  private void land(CompletableFuture<EcrToken> result, long startEpoch, EcrToken token) {
    lock.lock();
    try {
      if (inFlight == result) {
        inFlight = null;
      }
      if (startEpoch == epoch) {
        current = token;
        quietUntil = clock.instant().plus(MIN_FETCH_INTERVAL);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends a failed fetch; returns the cached token when it is still valid, to serve while AWS is
   * failing.
   */
  private @Nullable EcrToken landFailure(CompletableFuture<EcrToken> result, long startEpoch) {
    lock.lock();
    try {
      if (inFlight == result) {
        inFlight = null;
      }
      Instant now = clock.instant();
      Instant expiresAt = current == null ? null : current.expiresAt();
      if (startEpoch != epoch || expiresAt == null || !now.isBefore(expiresAt)) {
        return null;
      }
      quietUntil = now.plus(RETRY_AFTER_FAILURE);
      return current;
    } finally {
      lock.unlock();
    }
  }

  private static EcrToken await(CompletableFuture<EcrToken> result) {
    try {
      return result.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof EcrAuthException failed) {
        // A fresh exception, so that the stack trace shows this caller too.
        throw new EcrAuthException(failed.reason(), String.valueOf(failed.getMessage()), failed);
      }
      if (cause instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
