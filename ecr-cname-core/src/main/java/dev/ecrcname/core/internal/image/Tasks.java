package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.LocalException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs transfers on the layer pool and hands their failures back as the typed exceptions the tasks
 * threw.
 */
final class Tasks {
  private Tasks() {}

  /** Waits for every future in order; the first failure cancels the rest. */
  static <T> List<T> awaitAll(List<Future<T>> futures, String what) {
    List<T> results = new ArrayList<>();
    try {
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalException(LocalException.Kind.INTERRUPTED, what + " interrupted", e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
  }

  /** Submits every task and waits for all, in order. */
  static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks, String what) {
    return awaitAll(tasks.stream().map(pool::submit).toList(), what);
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    // The tasks are ours and throw only unchecked, typed failures: anything else is a defect here.
    return new IllegalStateException("a transfer task failed unexpectedly: " + cause, cause);
  }
}
