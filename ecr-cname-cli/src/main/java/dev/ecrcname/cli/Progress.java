package dev.ecrcname.cli;

import dev.ecrcname.cli.Logging.Verbosity;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.TransferListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows blob transfers and counts them for the summary: bars on a terminal ({@link BarProgress}),
 * one line per finished blob otherwise, nothing when quiet. Thread-safe: core calls it from its
 * transfer threads.
 */
abstract class Progress implements TransferListener, AutoCloseable {
  private final AtomicLong totalBytes = new AtomicLong();
  private final AtomicLong movedBytes = new AtomicLong();
  private final AtomicInteger blobs = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();

  /** Picks the display: bars only when a person watches a terminal. */
  static Progress create(Verbosity verbosity, Io io, String skippedWord) {
    if (verbosity == Verbosity.QUIET) {
      return new Progress() {};
    }
    // Verbose logs interleave with bars badly; lines read well next to log lines.
    PrintStream bars = io.bars();
    if (verbosity == Verbosity.NORMAL && bars != null && stderrIsTerminal()) {
      return new BarProgress(bars, skippedWord);
    }
    return new LineProgress(io.err(), skippedWord);
  }

  @Override
  public void started(Descriptor descriptor) {
    blobs.incrementAndGet();
    totalBytes.addAndGet(descriptor.size());
  }

  @Override
  public void transferred(Descriptor descriptor, long bytes) {
    movedBytes.addAndGet(bytes);
  }

  @Override
  public void finished(Descriptor descriptor, boolean wasSkipped) {
    if (wasSkipped) {
      skipped.incrementAndGet();
    }
  }

  /** The size of every blob seen, moved or not. */
  long totalBytes() {
    return totalBytes.get();
  }

  /** The bytes that went over the network. */
  long movedBytes() {
    return movedBytes.get();
  }

  int blobs() {
    return blobs.get();
  }

  /** Blobs that needed no transfer: in the local cache (pull) or already in the registry (push). */
  int skipped() {
    return skipped.get();
  }

  /** Removes the display before the summary is printed. */
  @Override
  public void close() {}

  static String kind(Descriptor descriptor) {
    String type = descriptor.mediaType();
    // OCI says "config"; Docker's config type is application/vnd.docker.container.image.v1+json.
    return type.contains("config") || type.contains("container.image") ? "config" : "layer";
  }

  static String shortDigest(Descriptor descriptor) {
    return descriptor.digest().hex().substring(0, 12);
  }

  /**
   * Whether stderr, where progress goes, is a terminal a person watches. System.console() asks
   * about stdin and stdout, but with --password-stdin stdin is a pipe and stdout may be captured
   * while stderr is still the screen; so on Linux ask the kernel what fd 2 is.
   */
  // Java 17 (our target) returns null without a terminal; the /proc check above covers Linux on
  // later JDKs.
  @SuppressWarnings("SystemConsoleNull")
  static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.exists(fd2, LinkOption.NOFOLLOW_LINKS)) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  /** One line per finished blob, for logs and pipes. */
  static final class LineProgress extends Progress {
    private final PrintStream err;
    private final String skippedWord;

    LineProgress(PrintStream err, String skippedWord) {
      this.err = err;
      this.skippedWord = skippedWord;
    }

    @Override
    public void finished(Descriptor descriptor, boolean wasSkipped) {
      super.finished(descriptor, wasSkipped);
      String line =
          String.format(
              "%-6s %s  %10s  %s",
              kind(descriptor),
              shortDigest(descriptor),
              Units.bytes(descriptor.size()),
              wasSkipped ? skippedWord : "done");
      synchronized (err) {
        err.println(line);
      }
    }
  }
}
