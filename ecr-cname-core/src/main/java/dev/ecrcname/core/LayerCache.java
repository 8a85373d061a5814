package dev.ecrcname.core;

import dev.ecrcname.core.internal.image.ImageService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Housekeeping of the layer cache on disk, the directory a client keeps verified blobs in between
 * pulls ({@link RegistryClientBuilder#cacheDirectory}). Get one with {@link #of(Path)} or {@link
 * #defaultCache()}.
 *
 * <p>Blobs count as used when a pull or push last found or stored them, so pruning by size drops
 * the least recently used first. A blob pruned while another process is between finding and reading
 * it costs that process a failed read; prune when no pull runs.
 */
public interface LayerCache {

  /**
   * Housekeeping (size, count, prune) of the layer cache in {@code directory}.
   *
   * @param directory the cache directory
   * @return the housekeeping of that cache
   */
  static LayerCache of(Path directory) {
    return ImageService.layerCache(Objects.requireNonNull(directory, "directory"));
  }

  /**
   * Housekeeping of the default layer cache, {@code $XDG_CACHE_HOME/ecr-cname} or {@code
   * ~/.cache/ecr-cname}.
   *
   * @return the housekeeping of the default cache
   */
  static LayerCache defaultCache() {
    return ImageService.layerCache(null);
  }

  /**
   * How much the cache holds.
   *
   * @param blobs the number of blobs
   * @param bytes their total size
   */
  record Usage(int blobs, long bytes) {}

  /**
   * The cache's directory.
   *
   * @return the directory
   */
  Path directory();

  /**
   * Where a writer of tarballs may keep uncompressed layers, one file per diff_id ({@code <hex>}),
   * so that writing the same layer again is a verified copy rather than a decompression ({@code
   * WriteOptions.uncompressedLayerCache} in the archive module). Files there are counted and pruned
   * with the cache's blobs, by their last use.
   *
   * @return the directory, inside {@link #directory()}; it may not exist yet
   */
  Path uncompressedLayers();

  /**
   * Whether the cache has a file for {@code digest}, without reading it: a cheap hint (e.g. whether
   * a pull will download anything), not a promise, since a hit is verified only when it is used.
   *
   * @param digest the blob's digest
   * @return whether a file for it is there
   */
  boolean holds(Digest digest);

  /**
   * What the cache holds now.
   *
   * @return the number of blobs and their total size
   */
  Usage usage();

  /**
   * Deletes blobs unused for longer than {@code olderThan} (when not null), then the least recently
   * used until the cache holds at most {@code maxBytes} (when not null); with neither, every blob.
   * Returns what was deleted.
   *
   * @throws IllegalArgumentException for a negative size or duration
   * @param maxBytes the most the cache may hold afterwards, or null for no size limit
   * @param olderThan how long a blob may go unused, or null for no age limit
   * @return what was deleted
   */
  Usage prune(@Nullable Long maxBytes, @Nullable Duration olderThan);
}
