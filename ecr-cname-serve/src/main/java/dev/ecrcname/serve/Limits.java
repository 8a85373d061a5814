package dev.ecrcname.serve;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The mirror's two bounds: upstream requests at once, and blob streams at once. A request that
 * finds no slot within the queue timeout gets 429, so a burst cannot open unbounded connections to
 * the registry or hold unbounded buffers.
 */
final class Limits {
  private final Semaphore upstream;
  private final Semaphore blobStreams;
  private final Duration wait;
  private final MirrorMetrics metrics;

  Limits(Settings settings, MirrorMetrics metrics) {
    this.upstream = new Semaphore(settings.maxUpstream(), true);
    this.blobStreams = new Semaphore(settings.maxBlobStreams(), true);
    this.wait = settings.queueTimeout();
    this.metrics = metrics;
  }

  /** No slot came free in time. */
  static final class BusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BusyException(String what) {
      super("too many " + what + " at once; try again");
    }
  }

  /** Runs one upstream call in an upstream slot, and times it as {@code operation}. */
  <T> T upstream(String operation, Supplier<T> call) {
    acquire(upstream, "upstream requests");
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      metrics.upstream(operation, System.nanoTime() - start);
      upstream.release();
    }
  }

  /** Takes a blob stream slot; release it with {@link #releaseBlobStream()}. */
  void acquireBlobStream() {
    acquire(blobStreams, "blob downloads");
  }

  void releaseBlobStream() {
    blobStreams.release();
  }

  private void acquire(Semaphore semaphore, String what) {
    try {
      if (!semaphore.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BusyException(what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException(what);
    }
  }
}
