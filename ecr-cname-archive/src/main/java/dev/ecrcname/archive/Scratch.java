package dev.ecrcname.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The decompressed copy of a compressed tarball, shared by the images read from it: deleted when
 * the last of them is closed, and only once however often each is closed.
 */
final class Scratch {
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
}
