package dev.ecrcname.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Layer preparations running on the pool, one per distinct key, remembered in submission order.
 * Waiting for one also watches all the others: the first failure anywhere ends the wait at once,
 * instead of after the layers before it.
 */
final class LayerJobs {
  /** A preparation that may fail with an I/O error. */
  @FunctionalInterface
  interface Job {
    StoredLayer run() throws IOException;
  }

  private final ExecutorService pool;
  private final Map<String, CompletableFuture<StoredLayer>> jobs = new LinkedHashMap<>();
  private final CompletableFuture<Void> firstFailure = new CompletableFuture<>();

  LayerJobs(ExecutorService pool) {
    this.pool = pool;
  }

  /** Starts {@code job} unless a job with the same key was already started. */
  void submit(String key, Job job) {
    jobs.computeIfAbsent(
        key,
        k -> {
          CompletableFuture<StoredLayer> future =
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return job.run();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  },
                  pool);
          // The failure is handed on through firstFailure; the future itself is what the jobs map
          // keeps.
          var unused =
              future.whenComplete(
                  (layer, failure) -> {
                    if (failure != null) {
                      firstFailure.completeExceptionally(failure);
                    }
                  });
          return future;
        });
  }

  List<String> keys() {
    return List.copyOf(jobs.keySet());
  }

  /**
   * Waits until every job has ended, however it ended; for abandoning a layout whose jobs share an
   * output file.
   */
  void awaitAllQuietly() throws InterruptedException {
    for (CompletableFuture<StoredLayer> job : jobs.values()) {
      try {
        job.get();
      } catch (ExecutionException | CancellationException e) {
        // Ignored: the results are being thrown away.
      }
    }
  }

  StoredLayer await(String key) throws IOException, InterruptedException {
    CompletableFuture<StoredLayer> job = jobs.get(key);
    if (job == null) {
      throw new IllegalStateException("no layer job for " + key);
    }
    try {
      CompletableFuture.anyOf(job, firstFailure).get();
      return job.get();
    } catch (ExecutionException e) {
      // A completed future's get() does not look at the interrupt flag. An interrupt that landed
      // while this thread was busy elsewhere is what ended the write: a layer cut short by it
      // (read as an early end) must not be reported as a corrupt image.
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while a layer was prepared");
      }
      throw rethrow(e.getCause() != null ? e.getCause() : e);
    }
  }

  private static IOException rethrow(Throwable failure) throws IOException {
    Throwable cause = failure;
    if (failure instanceof CompletionException && failure.getCause() != null) {
      cause = failure.getCause();
    }
    if (cause instanceof UncheckedIOException unchecked) {
      throw unchecked.getCause();
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IOException(cause);
  }
}
