package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed store of verified blobs: {@code <root>/blobs/sha256/<hex>}. A blob appears
 * under its name only by an atomic rename of a verified temp file, so readers never see a partial
 * blob, and two processes sharing the directory at most download the same blob twice; they never
 * corrupt it.
 */
public final class BlobCache {
  /** A blob in the cache. */
  public record CachedBlob(Digest digest, long size, Path path) {}

  private static final Logger LOG = LoggerFactory.getLogger(BlobCache.class);

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
    return path(root, digest);
  }

  /** Where a cache in {@code root} keeps a blob: {@code <root>/blobs/<algorithm>/<hex>}. */
  static Path path(Path root, Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /**
   * The cached blob for {@code descriptor}, when present as a regular file of the right size whose
   * bytes hash to its digest. A cache is often restored from another, less trusted CI job, so a hit
   * is re-hashed before use; an entry that fails (wrong bytes, a symlink, a directory) is discarded
   * and the caller fetches the blob again. A hit renews its modification time, which is its last
   * use for {@code cache prune}.
   */
  public Optional<Path> find(Descriptor descriptor) {
    Path path = path(descriptor.digest());
    if (!verified(path, descriptor.digest(), descriptor.size())) {
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
   * The cached file for {@code descriptor} when present as a regular file (not a link) of the right
   * size, not hashed: for a caller that hashes it on its one read and {@link #discard(Descriptor)
   * discards} it when wrong. Renews its modification time, as {@link #find} does.
   */
  public Optional<Path> present(Descriptor descriptor) {
    Path path = path(descriptor.digest());
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
          || Files.size(path) != descriptor.size()) {
        discard(descriptor);
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty(); // gone or unreadable: a miss costs a download
    }
    try {
      Files.setLastModifiedTime(path, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // a read-only cache still serves; only its pruning order suffers
    }
    return Optional.of(path);
  }

  /** Removes the entry for {@code descriptor}, found not to be its blob. */
  public void discard(Descriptor descriptor) {
    Path path = path(descriptor.digest());
    LOG.warn("cache entry {} is not the blob it is named for; discarding it", path);
    discard(path);
  }

  /**
   * Whether {@code path} is a regular file (not a link to one) of {@code size} bytes hashing to
   * {@code digest}; a present entry that is not is removed.
   */
  private boolean verified(Path path, Digest digest, long size) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
          && Files.size(path) == size
          && hashOf(path, digest).equals(digest)) {
        return true;
      }
    } catch (IOException e) {
      // unreadable: treated as a miss, and removed below if we can
    }
    LOG.warn("cache entry {} is not the blob it is named for; discarding it", path);
    discard(path);
    return false;
  }

  private static Digest hashOf(Path path, Digest digest) throws IOException {
    MessageDigest hasher = digest.newHasher();
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        hasher.update(buffer, 0, n);
      }
    }
    return Digest.of(hasher);
  }

  /** Removes a bad entry: a link itself (never its target), a file, or an empty directory. */
  private static void discard(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A non-empty directory stays; publishing over it then fails with a message naming it.
    }
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
   * The blob of {@code compression} (gzip or zstd) a previous push made from the layer with {@code
   * diffId} and {@code size} uncompressed bytes, when it is still cached. Remembering it lets a
   * second push of the same image skip compression and find, by HEAD, that the registry has
   * everything.
   */
  public Optional<CachedBlob> compressedFor(Digest diffId, long size, Compression compression) {
    Path link = mapping(diffId, compression);
    try {
      if (!Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      Digest compressed = Digest.parse(Files.readString(link).trim());
      Path blob = path(compressed);
      if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)
          || !check(blob, compression, compressed, diffId, size).holds()) {
        // A forged mapping would make a push skip the upload of the real layer.
        LOG.warn("cache mapping {} does not hold; compressing the layer again", link);
        discard(link);
        return Optional.empty();
      }
      return Optional.of(new CachedBlob(compressed, Files.size(blob), blob));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // a damaged entry only costs a recompression
    }
  }

  /** Whether a remembered blob holds, and how many bytes checking it inflated. */
  record Check(boolean holds, long inflated) {}

  /**
   * Whether {@code blob} hashes to {@code compressed} and decompresses to the {@code size} bytes
   * hashing to {@code diffId}, in one read.
   */
  static Check check(
      Path blob, Compression compression, Digest compressed, Digest diffId, long size) {
    MessageDigest gz = compressed.newHasher();
    MessageDigest tar = diffId.newHasher();
    byte[] buffer = new byte[256 * 1024];
    long total = 0;
    try (InputStream raw =
            new DigestInputStream(Files.newInputStream(blob, LinkOption.NOFOLLOW_LINKS), gz);
        InputStream in =
            compression == Compression.ZSTD
                ? ZstdLayers.decompressing(raw)
                : new GZIPInputStream(raw, 64 * 1024)) {
      // One byte more than the layer is enough to know it does not hold: a forged mapping to a
      // small
      // blob that inflates to terabytes costs no more than the layer itself.
      for (int n; total <= size && (n = in.read(buffer, 0, room(buffer, size - total))) > 0; ) {
        tar.update(buffer, 0, n);
        total += n;
      }
      if (total != size) {
        return new Check(false, total);
      }
      raw.transferTo(OutputStream.nullOutputStream()); // bytes after the data count for the digest
      return new Check(Digest.of(gz).equals(compressed) && Digest.of(tar).equals(diffId), total);
    } catch (IOException e) {
      return new Check(false, total);
    }
  }

  /**
   * How much of {@code buffer} to read into when {@code left} bytes (of a bound) remain, plus one.
   */
  private static int room(byte[] buffer, long left) {
    return (int) Math.min(buffer.length, left + 1);
  }

  /** Records that {@code compressed} is the {@code compression} blob of the layer. */
  public void rememberCompressed(Digest diffId, Compression compression, Digest compressed)
      throws IOException {
    Path link = mapping(diffId, compression);
    Files.createDirectories(link.getParent());
    Path temp = Files.createTempFile(link.getParent(), diffId.hex().substring(0, 16), ".part");
    Files.writeString(temp, compressed.toString());
    Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** {@code diffids/} for gzip, as it always was; {@code diffids-zstd/} for zstd. */
  private Path mapping(Digest diffId, Compression compression) {
    String dir = compression == Compression.ZSTD ? "diffids-zstd" : "diffids";
    return root.resolve(dir).resolve(diffId.algorithm()).resolve(diffId.hex());
  }
}
