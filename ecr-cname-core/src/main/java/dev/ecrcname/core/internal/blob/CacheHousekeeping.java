package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.LayerCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@link LayerCache} over a {@link BlobCache} directory: counts and prunes {@code
 * blobs/<algorithm>/<hex>} by their last use (the modification time, which the cache renews on
 * every hit). Uncompressed layers live in {@code blobs/sha256-uncompressed/}, so they are counted
 * and pruned alike.
 */
public final class CacheHousekeeping implements LayerCache {
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

  private static boolean delete(Path path) {
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new EcrCnameException("cannot delete cached blob " + path + ": " + e, e);
    }
  }

  private List<Entry> entries() {
    Path blobs = root.resolve("blobs");
    if (!Files.isDirectory(blobs)) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(blobs, 2)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          entries.add(new Entry(p, a.size(), a.lastModifiedTime().toInstant()));
        }
      }
    } catch (IOException e) {
      throw new EcrCnameException("cannot read the layer cache " + root + ": " + e, e);
    }
    return entries;
  }
}
