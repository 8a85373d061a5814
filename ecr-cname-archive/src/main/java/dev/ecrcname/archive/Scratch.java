package dev.ecrcname.archive;

import dev.ecrcname.core.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The decompressed copy of a compressed tarball: made in the temp directory without filling it (a
 * small gzip can claim terabytes), and shared by the images read from it: deleted when the last of
 * them is closed, and only once however often each is closed.
 */
final class Scratch {
  /**
   * Decompressing a tarball stops when the temp file system would have less than this (or 5%) left.
   */
  private static final long MIN_FREE_BYTES = 1L << 30;

  private static final long CHECK_EVERY_BYTES = 64L << 20;

  private final Path path;
  private final AtomicInteger users;

  private Scratch(Path path, int users) {
    this.path = path;
    this.users = new AtomicInteger(users);
  }

  /** Null when there is no copy (the tarball was read in place). */
  static @Nullable Scratch of(@Nullable Path path, int users) {
    return path == null ? null : new Scratch(path, users);
  }

  void release() throws IOException {
    if (users.decrementAndGet() == 0) {
      Files.deleteIfExists(path);
    }
  }

  /**
   * A compressed tarball (as {@code docker save | gzip} makes) decompressed into the temp
   * directory, or null.
   */
  static @Nullable Path decompressedCopy(Path file, String label) throws IOException {
    try (InputStream in = new BufferedInputStream(Decompression.open(file), Decompression.BUFFER)) {
      Compression compression = Compression.sniff(in);
      if (compression == Compression.NONE) {
        return null;
      }
      Path scratch = Files.createTempFile("ecr-cname-archive-", ".tar");
      try (InputStream decompressed = Decompression.open(compression, in);
          OutputStream out = Files.newOutputStream(scratch)) {
        FileStore store = Files.getFileStore(scratch);
        copyLeavingRoom(
            decompressed,
            out,
            scratch,
            label,
            Math.max(MIN_FREE_BYTES, store.getTotalSpace() / 20));
        return scratch;
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(scratch);
        if (e instanceof ArchiveException archive) {
          throw archive;
        }
        throw new ArchiveException(
            label + " looks " + compression + "-compressed but does not decompress: " + e, e);
      }
    }
  }

  /**
   * Copies, but stops before the temp file system is nearly full: a small gzip can claim terabytes
   * (a "gzip bomb"), and filling /tmp would hurt everything else on the machine.
   */
  static void copyLeavingRoom(
      InputStream in, OutputStream out, Path scratch, String label, long reserve)
      throws IOException {
    FileStore store = Files.getFileStore(scratch);
    copyLeavingRoom(in, out, store::getUsableSpace, scratch, label, reserve);
  }

  /** The free space of a file system, asked again every {@code CHECK_EVERY_BYTES}. */
  interface UsableSpace {
    long bytes() throws IOException;
  }

  static void copyLeavingRoom(
      InputStream in,
      OutputStream out,
      UsableSpace usableSpace,
      Path scratch,
      String label,
      long reserve)
      throws IOException {
    byte[] buffer = new byte[Decompression.BUFFER];
    long written = 0;
    long nextCheck = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      if (written >= nextCheck) {
        if (usableSpace.bytes() < reserve) {
          throw new ArchiveException(
              label
                  + " decompresses to more than the "
                  + scratch.getParent()
                  + " file system can take (stopped after "
                  + written
                  + " bytes); decompress it where there is room,"
                  + " or point java.io.tmpdir there");
        }
        nextCheck = written + CHECK_EVERY_BYTES;
      }
      out.write(buffer, 0, n);
      written += n;
    }
  }
}
