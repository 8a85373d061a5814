package dev.ecrcname.cli;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.TransferListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes every transfer event on, and starts the JIT warm-up ({@link JitWarmup}) when the first
 * bytes of a download arrive: a pull whose blobs are all in the layer cache downloads nothing and
 * never starts it. Profiles of such a pull found the warm-up (AES-GCM for TLS records that never
 * came) at 11.7% of its Java samples, on two shared cores (docs/benchmarks.md, issue 23).
 */
final class DownloadWarmup implements TransferListener {
  private final TransferListener next;
  private final Runnable warmup;
  private final AtomicBoolean started = new AtomicBoolean();

  /**
   * @param next the listener that gets every event
   * @param warmup run once, on the thread of the first download, before its bytes are passed on
   */
  DownloadWarmup(TransferListener next, Runnable warmup) {
    this.next = next;
    this.warmup = warmup;
  }

  /** Starts the JVM's warm-up once, at the first download. */
  static DownloadWarmup of(TransferListener next) {
    return new DownloadWarmup(next, JitWarmup::startOnce);
  }

  @Override
  public void started(Descriptor descriptor) {
    next.started(descriptor);
  }

  @Override
  public void transferred(Descriptor descriptor, long bytes) {
    if (!started.get() && started.compareAndSet(false, true)) {
      warmup.run();
    }
    next.transferred(descriptor, bytes);
  }

  @Override
  public void finished(Descriptor descriptor, boolean skipped) {
    next.finished(descriptor, skipped);
  }
}
