package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A content-addressed store of verified blobs: {@code <root>/blobs/sha256/<hex>}. A blob appears
 * under its name only by an atomic rename of a verified temp file, so readers never see a partial
 * blob, and two processes sharing the directory at most download the same blob twice; they never
 * corrupt it.
 */
public final class BlobCache {
  /** A blob in the cache. */
  public record CachedBlob(Digest digest, long size, Path path) {}

  private final Path root;

  /** A temp file this old belongs to a process that died; nobody will finish it. */
  private static final Duration ABANDONED = Duration.ofDays(1);

  public BlobCache(Path root) {
    this.root = root.toAbsolutePath();
    sweepAbandoned();
  }

  /**
   * Deletes temp files left by killed processes. Young ones may be another live process's download.
   */
  private void sweepAbandoned() {
    Path tmp = root.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return;
    }
    Instant cutoff = Instant.now().minus(ABANDONED);
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "*.part")) {
      for (Path part : parts) {
        if (Files.getLastModifiedTime(part).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(part);
        }
      }
    } catch (IOException e) {
      // Sweeping is housekeeping; a cache we cannot sweep still works.
    }
  }

  /**
   * {@code $XDG_CACHE_HOME/ecr-cname}, {@code ~/Library/Caches/ecr-cname} on macOS, else {@code
   * ~/.cache/ecr-cname}.
   */
  public static Path defaultDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "ecr-cname");
    }
    Path home = Path.of(System.getProperty("user.home"));
    boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    return mac ? home.resolve("Library/Caches/ecr-cname") : home.resolve(".cache/ecr-cname");
  }

  public Path root() {
    return root;
  }

  public Path path(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /**
   * The cached blob for {@code descriptor}, when present with the right size. A hit renews its
   * modification time, which is its last use for {@code cache prune}.
   */
  public Optional<Path> find(Descriptor descriptor) {
    Path path = path(descriptor.digest());
    try {
      if (!Files.isRegularFile(path) || Files.size(path) != descriptor.size()) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      Files.setLastModifiedTime(path, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // a read-only cache still serves; only its pruning order suffers
    }
    return Optional.of(path);
  }

  /**
   * A fresh temp file on the cache's file system, for a download that {@link #commit} will publish.
   */
  public Path newTempFile(Digest digest) throws IOException {
    Path tmp = root.resolve("tmp");
    Files.createDirectories(tmp);
    return Files.createTempFile(tmp, digest.hex().substring(0, 16) + "-", ".part");
  }

  /** Publishes a verified temp file under its digest; the temp file is gone afterwards. */
  public Path commit(Path verifiedTemp, Digest digest) throws IOException {
    Path target = path(digest);
    Files.createDirectories(target.getParent());
    try {
      Files.move(
          verifiedTemp,
          target,
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory tree, so this only happens on exotic file systems; a plain move is the best
      // left.
      Files.move(verifiedTemp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  /**
   * The gzip blob a previous push made from the layer with {@code diffId}, when it is still cached.
   * Remembering it lets a second push of the same image skip compression and find, by HEAD, that
   * the registry has everything.
   */
  public Optional<CachedBlob> compressedFor(Digest diffId) {
    Path link = root.resolve("diffids").resolve(diffId.algorithm()).resolve(diffId.hex());
    try {
      if (!Files.isRegularFile(link)) {
        return Optional.empty();
      }
      Digest compressed = Digest.parse(Files.readString(link).trim());
      Path blob = path(compressed);
      if (!Files.isRegularFile(blob)) {
        return Optional.empty();
      }
      return Optional.of(new CachedBlob(compressed, Files.size(blob), blob));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // a damaged entry only costs a recompression
    }
  }

  /** Records that {@code compressed} is the gzip blob of the layer with {@code diffId}. */
  public void rememberCompressed(Digest diffId, Digest compressed) throws IOException {
    Path link = root.resolve("diffids").resolve(diffId.algorithm()).resolve(diffId.hex());
    Files.createDirectories(link.getParent());
    Path temp = Files.createTempFile(link.getParent(), diffId.hex().substring(0, 16), ".part");
    Files.writeString(temp, compressed.toString());
    Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
