package dev.ecrcname.cli;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.LayerCache;
import dev.ecrcname.core.TransferListener;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes every transfer event on, and tells the JIT warm-up ({@link JitWarmup}) whether the pull
 * downloads: it starts with the pull, as the TLS records come soon after (starting it only at the
 * first downloaded bytes cost a cold pull about 0.3 s of CPU), stops once a blob turned out to be
 * in the layer cache and none has needed a download, and starts again when one does. A warm pull's
 * profile found the warm-up (AES-GCM for TLS records that never came) at 0.34 s of CPU and 38% of
 * its Java samples (docs/benchmarks.md, issue 23).
 */
final class DownloadWarmup implements TransferListener, BooleanSupplier {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadWarmup.class);
  private final TransferListener next;
  private final Predicate<Descriptor> cached;
  private final Consumer<BooleanSupplier> warmup;
  private volatile boolean sawCached;
  private volatile boolean sawDownload;

  /**
   * @param next the listener that gets every event
   * @param cached whether a blob is in the layer cache, so that its pull downloads nothing (a hint:
   *     a wrong answer only moves the warm-up to the first downloaded bytes)
   * @param warmup starts the warm-up, unless it runs or is done, for as long as the supplier it is
   *     given says; called by {@link #begin} and at the first download
   */
  DownloadWarmup(
      TransferListener next, Predicate<Descriptor> cached, Consumer<BooleanSupplier> warmup) {
    this.next = next;
    this.cached = cached;
    this.warmup = warmup;
  }

  /** Whether {@code cache} holds a blob (a look for the file, not a read). */
  static Predicate<Descriptor> inCache(LayerCache cache) {
    return d -> cache.holds(d.digest());
  }

  /** Starts the warm-up as the pull starts. */
  void begin() {
    warmup.accept(this);
  }

  /** Whether the warm-up is still of use: something downloads, or nothing was found cached yet. */
  @Override
  public boolean getAsBoolean() {
    return sawDownload || !sawCached;
  }

  @Override
  public void started(Descriptor descriptor) {
    if (cached.test(descriptor)) {
      if (!sawCached && !sawDownload) {
        LOG.debug("JIT warm-up not wanted: {} is in the layer cache", descriptor.digest());
      }
      sawCached = true;
    } else {
      downloading();
    }
    next.started(descriptor);
  }

  @Override
  public void transferred(Descriptor descriptor, long bytes) {
    downloading();
    next.transferred(descriptor, bytes);
  }

  private void downloading() {
    if (!sawDownload) {
      sawDownload = true;
      warmup.accept(this);
    }
  }

  @Override
  public void finished(Descriptor descriptor, boolean skipped) {
    next.finished(descriptor, skipped);
  }
}
