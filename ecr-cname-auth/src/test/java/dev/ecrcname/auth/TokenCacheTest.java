package dev.ecrcname.auth;

import static dev.ecrcname.auth.TestProviders.against;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.auth.EcrAuthException.Reason;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.testing.FakeAws;
import dev.ecrcname.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Caching, refresh ahead of expiry, single-flight and invalidate, counted in requests that reach
 * the fake ECR.
 */
class TokenCacheTest {
  private static final Duration TOKEN_LIFE = Duration.ofHours(12);

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  @RegisterExtension final FakeAws aws = new FakeAws();

  @BeforeEach
  void tokensLiveByTheTestClock() {
    aws.expiresAt(() -> clock.instant().plus(TOKEN_LIFE));
  }

  @Test
  void tokenIsServedFromCacheUntilLessThanRefreshAheadRemains() {
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      String first = provider.credentials().password();
      clock.advance(TOKEN_LIFE.minusMinutes(31));
      assertThat(provider.credentials().password()).isEqualTo(first);
      assertThat(aws.ecrRequests()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(2)); // 29 minutes left: inside the default 30-minute window
      assertThat(provider.credentials().password()).isNotEqualTo(first);
      assertThat(aws.ecrRequests()).isEqualTo(2);
    }
  }

  @Test
  void refreshAheadIsConfigurable() {
    try (EcrCredentialsProvider provider =
        against(aws).clock(clock).refreshAhead(Duration.ofHours(2)).build()) {
      provider.credentials();
      clock.advance(Duration.ofHours(9).plusMinutes(59));
      provider.credentials();
      assertThat(aws.ecrRequests()).isEqualTo(1);
      clock.advance(Duration.ofMinutes(2)); // 1h59m left
      provider.credentials();
      assertThat(aws.ecrRequests()).isEqualTo(2);
    }
  }

  @Test
  void sixteenConcurrentCallersMakeOneAwsCall() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    aws.holdUntil(release);
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      List<String> passwords = concurrently(16, release, () -> provider.credentials().password());
      assertThat(passwords).hasSize(16).containsOnly("ecr-password-1");
      assertThat(aws.ecrRequests()).isEqualTo(1);
    }
  }

  @Test
  void concurrentCallersShareOneFailure() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    aws.holdUntil(release).failNextToken(400, "AccessDeniedException", "not authorized");
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      List<Reason> reasons = concurrently(16, release, () -> reasonOf(provider));
      assertThat(reasons).hasSize(16).containsOnly(Reason.ACCESS_DENIED);
      assertThat(aws.ecrRequests()).isEqualTo(1);
    }
  }

  @Test
  void parallelRejectionsOfOneTokenMakeOneFetch() throws Exception {
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      RegistryCredentials rejected = provider.credentials();
      CountDownLatch release = new CountDownLatch(1);
      aws.holdUntil(
          release); // the refresh waits until every caller has been rejected and asks again
      List<String> passwords =
          concurrently(
              16,
              release,
              () -> {
                provider.invalidate(rejected);
                return provider.credentials().password();
              });
      assertThat(passwords)
          .hasSize(16)
          .doesNotContain(rejected.password())
          .containsOnly("ecr-password-2");
      assertThat(aws.ecrRequests()).isEqualTo(2);
    }
  }

  @Test
  void rejectingAReplacedTokenKeepsTheCurrentOne() {
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      RegistryCredentials old = provider.credentials();
      provider.invalidate(old);
      String fresh = provider.credentials().password();
      provider.invalidate(old);
      assertThat(provider.credentials().password()).isEqualTo(fresh);
      assertThat(aws.ecrRequests()).isEqualTo(2);
    }
  }

  @Test
  void invalidateMakesTheNextCallFetch() {
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      String first = provider.credentials().password();
      provider.invalidate();
      String second = provider.credentials().password();
      assertThat(second).isNotEqualTo(first);
      assertThat(provider.credentials().password()).isEqualTo(second);
      assertThat(aws.ecrRequests()).isEqualTo(2);
    }
  }

  @Test
  void aTokenArrivingInsideTheRefreshMarginIsFetchedAtMostOncePerInterval() {
    aws.expiresAt(() -> clock.instant().plus(Duration.ofMinutes(10))); // margin is 30 minutes
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      String first = provider.credentials().password();
      for (int i = 0; i < 100; i++) {
        assertThat(provider.credentials().password()).isEqualTo(first);
      }
      clock.advance(TokenCache.MIN_FETCH_INTERVAL.minusSeconds(1));
      assertThat(provider.credentials().password()).isEqualTo(first);
      assertThat(aws.ecrRequests()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(1));
      assertThat(provider.credentials().password()).isNotEqualTo(first);
      assertThat(aws.ecrRequests()).isEqualTo(2);
    }
  }

  @Test
  void aTokenInsideTheMarginIsUsedUntilItActuallyExpires() {
    aws.expiresAt(() -> clock.instant().plus(Duration.ofSeconds(30)));
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      String first = provider.credentials().password();
      clock.advance(Duration.ofSeconds(29));
      assertThat(provider.credentials().password()).isEqualTo(first);
      clock.advance(Duration.ofSeconds(1)); // expired now, though the interval has not passed
      assertThat(provider.credentials().password()).isNotEqualTo(first);
      assertThat(aws.ecrRequests()).isEqualTo(2);
    }
  }

  @Test
  void pastExpiresAtStillServesEachCallWithOneFetchPerCall() {
    aws.expiresAt(() -> clock.instant().minus(Duration.ofMinutes(5)));
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      assertThat(provider.credentials().password()).isEqualTo("ecr-password-1");
      assertThat(provider.credentials().password()).isEqualTo("ecr-password-2");
      assertThat(provider.credentials().password()).isEqualTo("ecr-password-3");
      assertThat(aws.ecrRequests()).isEqualTo(3);
    }
  }

  @Test
  void missingExpiresAtStillServesEachCallWithOneFetchPerCall() {
    aws.expiresAt(() -> null);
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      RegistryCredentials credentials = provider.credentials();
      assertThat(credentials.expiry()).isEmpty();
      provider.credentials();
      assertThat(aws.ecrRequests()).isEqualTo(2);
    }
  }

  @Test
  void failedRefreshKeepsServingTheUnexpiredTokenAndRetriesLater() {
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      String first = provider.credentials().password();
      clock.advance(TOKEN_LIFE.minusMinutes(10));
      aws.failNextToken(400, "AccessDeniedException", "policy changed");
      assertThat(provider.credentials().password()).isEqualTo(first);
      assertThat(aws.ecrRequests()).isEqualTo(2);

      clock.advance(TokenCache.RETRY_AFTER_FAILURE.minusSeconds(1));
      assertThat(provider.credentials().password()).isEqualTo(first);
      assertThat(aws.ecrRequests()).isEqualTo(2);

      clock.advance(Duration.ofSeconds(1));
      assertThat(provider.credentials().password()).isNotEqualTo(first);
      assertThat(aws.ecrRequests()).isEqualTo(3);
    }
  }

  @Test
  void failedFetchAfterExpiryIsThrown() {
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      provider.credentials();
      clock.advance(TOKEN_LIFE);
      aws.failNextToken(400, "AccessDeniedException", "policy changed");
      assertThatThrownBy(provider::credentials).isInstanceOf(EcrAuthException.class);
    }
  }

  @Test
  void failedFetchAfterInvalidateIsThrown() {
    try (EcrCredentialsProvider provider = against(aws).clock(clock).build()) {
      provider.credentials();
      provider.invalidate();
      aws.failNextToken(400, "AccessDeniedException", "policy changed");
      assertThatThrownBy(provider::credentials).isInstanceOf(EcrAuthException.class);
    }
  }

  /**
   * Waits until {@code count} of {@code threads} wait inside {@code TokenCache.await}, joined to
   * the fetch in flight: the overlap the tests are about, seen rather than hoped for after a sleep.
   */
  private static void awaitJoined(List<Thread> threads, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (joined(threads) < count) {
      assertThat(System.nanoTime()).as("callers joined the fetch in flight").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static long joined(List<Thread> threads) {
    return threads.stream()
        .filter(
            t ->
                Arrays.stream(t.getStackTrace())
                    .anyMatch(
                        f ->
                            f.getClassName().equals(TokenCache.class.getName())
                                && f.getMethodName().equals("await")))
        .count();
  }

  private static Reason reasonOf(EcrCredentialsProvider provider) {
    try {
      provider.credentials();
      throw new AssertionError("expected the fetch to fail");
    } catch (EcrAuthException e) {
      return e.reason();
    }
  }

  /**
   * Runs {@code call} on {@code callers} threads released at once, and opens {@code release} (which
   * holds the fake ECR's answers) only once every caller is about to call, so that they all overlap
   * the first fetch.
   */
  private static <T> List<T> concurrently(int callers, CountDownLatch release, Callable<T> call)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(callers);
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            callers,
            r -> {
              Thread t = new Thread(r);
              threads.add(t);
              return t;
            });
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  arrived.countDown();
                  return call.call();
                }));
      }
      start.countDown();
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
      awaitJoined(threads, callers - 1); // all but the fetching caller wait for its result
      release.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(10, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
