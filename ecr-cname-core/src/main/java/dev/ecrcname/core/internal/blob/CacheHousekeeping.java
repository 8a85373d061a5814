package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.LayerCache;
import dev.ecrcname.core.LocalException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LayerCache} over a {@link BlobCache} directory: counts and prunes {@code
 * blobs/<algorithm>/<hex>} by their last use (the modification time, which the cache renews on
 * every hit). Uncompressed layers live in {@code blobs/sha256-uncompressed/}, so they are counted
 * and pruned alike.
 */
public final class CacheHousekeeping implements LayerCache {
  private static final Logger LOG = LoggerFactory.getLogger(CacheHousekeeping.class);
  private final Path root;
  private final Clock clock;

  public CacheHousekeeping(Path root, Clock clock) {
    this.root = root.toAbsolutePath();
    this.clock = clock;
  }

  private record Entry(Path path, long size, Instant used) {}

  @Override
  public Path directory() {
    return root;
  }

  @Override
  public Path uncompressedLayers() {
    return root.resolve("blobs").resolve("sha256-uncompressed");
  }

  @Override
  public boolean holds(Digest digest) {
    return Files.isRegularFile(BlobCache.path(root, digest), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Usage usage() {
    List<Entry> entries = entries();
    return new Usage(entries.size(), entries.stream().mapToLong(Entry::size).sum());
  }

  @Override
  public Usage prune(@Nullable Long maxBytes, @Nullable Duration olderThan) {
    if (maxBytes != null && maxBytes < 0) {
      throw new IllegalArgumentException(
          "the maximum cache size must not be negative: " + maxBytes);
    }
    if (olderThan != null && olderThan.isNegative()) {
      throw new IllegalArgumentException("the age must not be negative: " + olderThan);
    }
    List<Entry> entries = new ArrayList<>(entries());
    entries.sort(Comparator.comparing(Entry::used)); // least recently used first
    long total = entries.stream().mapToLong(Entry::size).sum();
    Instant cutoff = olderThan == null ? null : clock.instant().minus(olderThan);
    int deleted = 0;
    long freed = 0;
    for (Entry e : entries) {
      boolean all = maxBytes == null && olderThan == null;
      boolean old = cutoff != null && e.used().isBefore(cutoff);
      boolean over = maxBytes != null && total - freed > maxBytes;
      if (all || old || over) {
        if (delete(e.path())) {
          deleted++;
          freed += e.size();
        }
      }
    }
    return new Usage(deleted, freed);
  }

  /**
   * Deletes a blob (a link, never its target); one that cannot be deleted is reported, not fatal.
   */
  private static boolean delete(Path path) {
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot delete cached blob {}: {}; skipping it", path, e.toString());
      return false;
    }
  }

  /**
   * Every blob under {@code blobs/}, walked without failing the walk: an entry that cannot be read
   * (a dangling or looping symlink, a file renamed by a concurrent pull, a directory that vanished)
   * is reported and skipped (issue 21, defect 8). A symlink to a file counts by its target's size,
   * and prune deletes the link only.
   */
  private List<Entry> entries() {
    Path blobs = root.resolve("blobs");
    if (!Files.isDirectory(blobs)) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    try {
      Files.walkFileTree(blobs, Set.of(), 2, new Collector(entries));
    } catch (IOException e) {
      throw new LocalException(
          LocalException.Kind.CACHE, "cannot read the layer cache " + root + ": " + e, e);
    }
    return entries;
  }

  /** Collects regular files (and links to them); reports and skips what it cannot read. */
  private record Collector(List<Entry> entries) implements FileVisitor<Path> {
    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      BasicFileAttributes a = attrs;
      if (attrs.isSymbolicLink()) {
        try {
          a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
          return visitFileFailed(file, e);
        }
      }
      if (a.isRegularFile()) {
        entries.add(new Entry(file, a.size(), a.lastModifiedTime().toInstant()));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      LOG.warn("skipping cache entry {}: {}", file, e.toString());
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) {
      if (e != null) {
        return visitFileFailed(dir, e);
      }
      return FileVisitResult.CONTINUE;
    }
  }
}
