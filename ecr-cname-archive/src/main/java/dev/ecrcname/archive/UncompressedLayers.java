package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uncompressed layers kept by diff_id ({@code <dir>/<hex>}), so that writing a layer again is a
 * copy, verified against its diff_id as it goes, instead of a decompression (issue 13's warm pull).
 * Best effort throughout: a layer that cannot be kept is simply not kept, and one whose bytes are
 * wrong is deleted and decompressed again; neither ever fails the write.
 */
final class UncompressedLayers {
  private static final Logger LOG = LoggerFactory.getLogger(UncompressedLayers.class);
  private final Path dir;

  UncompressedLayers(Path dir) {
    this.dir = dir;
  }

  /** The kept layer for {@code diffId}, when there is a regular file of exactly {@code size}. */
  Optional<Path> find(Digest diffId, long size) {
    Path file = dir.resolve(diffId.hex());
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() && a.size() == size ? Optional.of(file) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Marks a kept layer as used now, as the layer cache does on every hit (its prune is LRU). */
  void used(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      LOG.debug("cannot renew {}: {}", file, e.toString());
    }
  }

  /** A new temp file beside the kept layers, for a layer being decompressed; empty if none. */
  Optional<Path> temp(Digest diffId) {
    try {
      Files.createDirectories(dir);
      return Optional.of(Files.createTempFile(dir, "." + diffId.hex() + ".", ".part"));
    } catch (IOException e) {
      LOG.debug("cannot keep uncompressed layer {} in {}: {}", diffId, dir, e.toString());
      return Optional.empty();
    }
  }

  /** Publishes a temp file whose bytes matched the diff_id. */
  void keep(Path temp, Digest diffId) {
    try {
      Files.move(
          temp,
          dir.resolve(diffId.hex()),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      discard(temp);
    }
  }

  /** Deletes a temp file, or a kept layer whose bytes turned out wrong. */
  void discard(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", file, e.toString());
    }
  }
}
