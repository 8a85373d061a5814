package dev.ecrcname.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client moves bytes: timeouts, retries, the slowest acceptable blob, and how many layers
 * move at once. One value, as the AWS SDK groups such settings ({@code
 * ClientOverrideConfiguration}): {@code RegistryClient.builder().transport(t ->
 * t.withReadTimeout(Duration.ofMinutes(2)))}.
 *
 * @param connectTimeout how long a TCP and TLS connect may take; default 30 s
 * @param readTimeout the longest silence while reading (and writing); a stalled blob is resumed
 *     from where it stopped; default 60 s
 * @param callTimeout the deadline of every request that is not a blob transfer (manifests, tags,
 *     HEADs, upload steps), body included, so that a trickling server cannot hold a call; default 2
 *     minutes
 * @param maxAttempts total tries per request for transient failures (I/O, 429, 5xx); default 5
 * @param initialBackoff the first wait between tries; later ones double, with jitter; default 200
 *     ms
 * @param minimumTransferRate the slowest a blob download may be, in bytes per second over each
 *     read-timeout window; a slower blob is ended as a timeout and resumed; default 1024
 * @param parallelism how many layers move at once, 1 to 64; default 4
 */
public record TransportSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    int maxAttempts,
    Duration initialBackoff,
    long minimumTransferRate,
    int parallelism) {

  private static final TransportSettings DEFAULTS =
      new TransportSettings(
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          Duration.ofMinutes(2),
          5,
          Duration.ofMillis(200),
          1024,
          4);

  /**
   * Checks every setting.
   *
   * @param connectTimeout positive
   * @param readTimeout positive
   * @param callTimeout positive
   * @param maxAttempts at least 1
   * @param initialBackoff not negative
   * @param minimumTransferRate at least 1 byte/s
   * @param parallelism 1 to 64
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public TransportSettings {
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    positive(callTimeout, "callTimeout");
    if (Objects.requireNonNull(initialBackoff, "initialBackoff").isNegative()) {
      throw new IllegalArgumentException(
          "initialBackoff must not be negative, got " + initialBackoff);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (minimumTransferRate < 1) {
      throw new IllegalArgumentException(
          "minimumTransferRate must be at least 1 byte/s, got " + minimumTransferRate);
    }
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException(
          "parallelism must be between 1 and 64, got " + parallelism);
    }
  }

  private static void positive(Duration value, String name) {
    if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /**
   * The defaults: 30 s connect, 60 s read, 2 min per call, 5 tries from 200 ms, 1024 bytes/s, 4
   * layers at once.
   *
   * @return the default settings
   */
  public static TransportSettings defaults() {
    return DEFAULTS;
  }

  /**
   * These settings with another value: the connect timeout.
   *
   * @param timeout the connect timeout
   * @return these settings with that connect timeout
   */
  public TransportSettings withConnectTimeout(Duration timeout) {
    return new TransportSettings(
        timeout,
        readTimeout,
        callTimeout,
        maxAttempts,
        initialBackoff,
        minimumTransferRate,
        parallelism);
  }

  /**
   * These settings with another value: the read (and write) timeout.
   *
   * @param timeout the read (and write) timeout
   * @return these settings with that read timeout
   */
  public TransportSettings withReadTimeout(Duration timeout) {
    return new TransportSettings(
        connectTimeout,
        timeout,
        callTimeout,
        maxAttempts,
        initialBackoff,
        minimumTransferRate,
        parallelism);
  }

  /**
   * These settings with another value: the deadline of a call that is not a blob transfer.
   *
   * @param timeout the deadline of a call that is not a blob transfer
   * @return these settings with that call timeout
   */
  public TransportSettings withCallTimeout(Duration timeout) {
    return new TransportSettings(
        connectTimeout,
        readTimeout,
        timeout,
        maxAttempts,
        initialBackoff,
        minimumTransferRate,
        parallelism);
  }

  /**
   * These settings with another value: total tries per request.
   *
   * @param attempts total tries per request
   * @return these settings with that many tries
   */
  public TransportSettings withMaxAttempts(int attempts) {
    return new TransportSettings(
        connectTimeout,
        readTimeout,
        callTimeout,
        attempts,
        initialBackoff,
        minimumTransferRate,
        parallelism);
  }

  /**
   * These settings with another value: the first wait between tries.
   *
   * @param backoff the first wait between tries
   * @return these settings with that first backoff
   */
  public TransportSettings withInitialBackoff(Duration backoff) {
    return new TransportSettings(
        connectTimeout,
        readTimeout,
        callTimeout,
        maxAttempts,
        backoff,
        minimumTransferRate,
        parallelism);
  }

  /**
   * These settings with another value: the slowest a blob may move at.
   *
   * @param bytesPerSecond the slowest a blob may move at
   * @return these settings with that minimum rate
   */
  public TransportSettings withMinimumTransferRate(long bytesPerSecond) {
    return new TransportSettings(
        connectTimeout,
        readTimeout,
        callTimeout,
        maxAttempts,
        initialBackoff,
        bytesPerSecond,
        parallelism);
  }

  /**
   * These settings with another value: how many layers move at once, 1 to 64.
   *
   * @param layers how many layers move at once, 1 to 64
   * @return these settings with that parallelism
   */
  public TransportSettings withParallelism(int layers) {
    return new TransportSettings(
        connectTimeout,
        readTimeout,
        callTimeout,
        maxAttempts,
        initialBackoff,
        minimumTransferRate,
        layers);
  }
}
