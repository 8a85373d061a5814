package dev.ecrcname.cli;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.TransferListener;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Passes every transfer event on, and starts the JIT warm-up ({@link JitWarmup}) when the pull
 * starts a blob its layer cache does not hold, or at the latest when the first downloaded bytes
 * arrive: a pull whose blobs are all cached downloads nothing and never starts it. A warm pull's
 * profile found the warm-up (AES-GCM for TLS records that never came) at 0.34 s of CPU and 38% of
 * its Java samples; starting it only at the first downloaded bytes cost a cold pull about 0.26 s of
 * CPU instead, as the TLS records then came before the intrinsics (docs/benchmarks.md, issue 23).
 */
final class DownloadWarmup implements TransferListener {
  private final TransferListener next;
  private final Predicate<Descriptor> cached;
  private final Runnable warmup;
  private final AtomicBoolean started = new AtomicBoolean();

  /**
   * @param next the listener that gets every event
   * @param cached whether a blob is in the layer cache, so that its pull downloads nothing (a hint:
   *     a wrong answer only moves the warm-up to the first downloaded bytes)
   * @param warmup run once, on the thread of the first blob to download
   */
  DownloadWarmup(TransferListener next, Predicate<Descriptor> cached, Runnable warmup) {
    this.next = next;
    this.cached = cached;
    this.warmup = warmup;
  }

  /** Starts the JVM's warm-up once, at the first blob that the cache in {@code cache} lacks. */
  static DownloadWarmup of(TransferListener next, Path cache) {
    return new DownloadWarmup(
        next,
        d -> Files.exists(file(cache, d.digest()), LinkOption.NOFOLLOW_LINKS),
        JitWarmup::startOnce);
  }

  /** Where core's layer cache keeps a blob: {@code <cache>/blobs/<algorithm>/<hex>}. */
  private static Path file(Path cache, Digest digest) {
    return cache.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  @Override
  public void started(Descriptor descriptor) {
    if (!started.get() && !cached.test(descriptor)) {
      start();
    }
    next.started(descriptor);
  }

  @Override
  public void transferred(Descriptor descriptor, long bytes) {
    if (!started.get()) {
      start();
    }
    next.transferred(descriptor, bytes);
  }

  private void start() {
    if (started.compareAndSet(false, true)) {
      warmup.run();
    }
  }

  @Override
  public void finished(Descriptor descriptor, boolean skipped) {
    next.finished(descriptor, skipped);
  }
}
