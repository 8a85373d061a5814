package dev.ecrcname.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Ctrl-C leaves no partial output: on SIGINT the JVM runs shutdown hooks and then halts, so the
 * hook interrupts the command's thread and waits until that thread has cleaned up (the archive
 * deletes its temp directory when interrupted) before it lets the JVM go.
 */
final class Interrupts {
  /**
   * Long enough for a temp directory of layers to be deleted, short enough that a second Ctrl-C is
   * rarely needed.
   */
  private static final long CLEANUP_SECONDS = 20;

  private Interrupts() {}

  /**
   * Runs {@code work}; if it fails after Ctrl-C, {@code report} tells the user (and gives the exit
   * status) before the hook lets the JVM halt, or the line could be lost in the race with the halt.
   */
  static <T> T guard(Callable<T> work, Function<InterruptedException, T> report) throws Exception {
    Thread worker = Thread.currentThread();
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean signalled = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              signalled.set(true);
              worker.interrupt();
              try {
                done.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ecr-cname-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return work.call();
    } catch (Exception e) {
      // However the work failed (a closed channel, an I/O error), after Ctrl-C it was the
      // interrupt: exit 130.
      if (signalled.get()) {
        InterruptedException interrupt;
        if (e instanceof InterruptedException ie) {
          interrupt = ie;
        } else {
          interrupt = new InterruptedException("interrupted");
          interrupt.initCause(e);
        }
        return report.apply(interrupt);
      }
      throw e;
    } finally {
      // Count down before leaving: the worker may next call System.exit, which waits for this very
      // hook.
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C arrived: the hook runs (or ran) and finds the work done.
      }
    }
  }
}
