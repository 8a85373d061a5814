package dev.ecrcname.archive;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All-or-nothing output: everything is written inside {@code <target>.tmp-*} in the target's
 * directory (same file system, so the final rename is atomic and layer temp files never cross
 * devices), then the finished tar (or layout directory) is renamed onto the target. On any failure
 * or interrupt the workers are stopped and the temp directory deleted, so there is never a partial
 * target.
 */
final class TempArea {
  /**
   * Writes the archive to {@code out}, using {@code tempDir} for scratch files and {@code pool} for
   * parallel work.
   */
  @FunctionalInterface
  interface Body {
    void write(Path tempDir, ExecutorService pool, Path out)
        throws IOException, InterruptedException;
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private TempArea() {}

  static void run(Path target, int parallelism, Body body) {
    run(target, false, parallelism, body);
  }

  /**
   * As {@link #run(Path, int, Body)}; with {@code directory}, the target is a directory that must
   * not exist or be empty (renaming onto an empty directory is atomic; onto a full one it is not
   * possible, and merging into it would mix two images).
   */
  static void run(Path target, boolean directory, int parallelism, Body body) {
    Path absolute = target.toAbsolutePath().normalize();
    Path fileName = absolute.getFileName();
    if (fileName == null || (!directory && Files.isDirectory(absolute))) {
      throw new ArchiveException(
          target + " is a directory; give the archive's file name, e.g. image.tar");
    }
    if (directory && !isAbsentOrEmptyDirectory(absolute)) {
      throw new ArchiveException(
          target
              + " exists and is not an empty directory; an OCI layout is written into a new or"
              + " empty directory, e.g. ./image-layout");
    }
    Path tempDir;
    try {
      tempDir = Files.createTempDirectory(absolute.getParent(), fileName + ".tmp-");
    } catch (IOException e) {
      throw new ArchiveException("cannot create a temp directory next to " + target + ": " + e, e);
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemonThreads());
    try {
      Path out = tempDir.resolve(fileName);
      body.write(tempDir, pool, out);
      Files.move(out, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (ClosedByInterruptException e) {
      throw interrupted(target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(target, e);
    } catch (IOException e) {
      throw new ArchiveException("could not write " + target + ": " + e, e);
    } finally {
      stop(pool);
      deleteRecursively(tempDir);
    }
  }

  private static boolean isAbsentOrEmptyDirectory(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (var entries = Files.list(path)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static ArchiveException interrupted(Path target, Exception cause) {
    return new ArchiveException(
        "interrupted while writing " + target + "; nothing was left behind", cause);
  }

  private static ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "ecr-cname-archive-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Interrupts the workers and waits for them, so that none is still writing into the temp
   * directory when it is deleted. Their file channels close on interrupt, so this is quick.
   */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    boolean interrupted = Thread.interrupted();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void deleteRecursively(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // Best effort: the temp directory's name says what it is, and a failed cleanup must not hide
      // the real error.
    }
  }
}
