package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.DigestMismatchException;
import dev.ecrcname.core.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns a layer as a source stores it into the blob a registry gets. Uncompressed layers are
 * gzipped (or, when asked, zstd-compressed: {@link ZstdLayers}) once, in one pass that also checks
 * the diff_id and hashes the output, into the blob cache; already-compressed layers go as they are.
 * The output is deterministic for the same input ({@link ParallelGzip}: fixed blocks, no name,
 * mtime 0), so the same layer always has the same digest and a second push finds it by HEAD.
 *
 * <p>One layer is gzipped at a time, on every core, so that a finished layer uploads while the next
 * one is compressed (issue 13). Level 1: docs/benchmarks.md, "The compression level", has the size
 * and time of each level.
 */
public final class LayerCompressor {
  private static final int BUFFER = 256 * 1024;
  static final int LEVEL = 1;

  private final BlobCache cache;
  private final ParallelGzip gzip = new ParallelGzip(GzipBlocks.Engine.best(), LEVEL);
  private final ReentrantLock oneAtATime = new ReentrantLock(true);

  public LayerCompressor(BlobCache cache) {
    this.cache = cache;
  }

  /** A blob ready to upload. {@code content} can be opened any number of times. */
  public record Prepared(
      Digest digest, long size, Compression compression, ImageSource.Content content) {}

  /**
   * An already-compressed layer as it is; an uncompressed one compressed with {@code compression}
   * (gzip or zstd).
   */
  public Prepared prepare(ImageSource.Layer layer, Compression compression) throws IOException {
    if (layer.compression() != Compression.NONE) {
      Digest digest = layer.storedDigest() != null ? layer.storedDigest() : hash(layer.content());
      return new Prepared(digest, layer.size(), layer.compression(), layer.content());
    }
    if (compression == Compression.NONE) {
      throw new IllegalArgumentException("layers are pushed compressed: gzip or zstd");
    }
    Optional<BlobCache.CachedBlob> known =
        cache.compressedFor(layer.diffId(), layer.size(), compression);
    BlobCache.CachedBlob blob = known.isPresent() ? known.get() : compress(layer, compression);
    Path path = blob.path();
    return new Prepared(blob.digest(), blob.size(), compression, () -> Files.newInputStream(path));
  }

  private BlobCache.CachedBlob compress(ImageSource.Layer layer, Compression compression)
      throws IOException {
    Path temp = cache.newTempFile(layer.diffId());
    try {
      // A source that checks the diff_id itself (at the end of its stream) is not hashed a second
      // time here.
      MessageDigest tar = layer.content().checksDiffId() ? null : layer.diffId().newHasher();
      MessageDigest gz = Digest.newSha256();
      lock();
      try (InputStream raw = layer.content().open();
          InputStream in = tar == null ? raw : new DigestInputStream(raw, tar);
          OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), gz)) {
        if (compression == Compression.ZSTD) {
          ZstdLayers.compress(in, out, layer.size());
        } else {
          gzip.compress(in, out);
        }
      } finally {
        oneAtATime.unlock();
      }
      Digest diffId = tar == null ? layer.diffId() : Digest.of(tar);
      if (!diffId.equals(layer.diffId())) {
        throw new DigestMismatchException(
            "layer " + layer.diffId() + " (diff_id from the config)", layer.diffId(), diffId);
      }
      Digest digest = Digest.sha256Of(gz);
      long size = Files.size(temp);
      Path committed = cache.commit(temp, digest);
      cache.rememberCompressed(layer.diffId(), compression, digest);
      return new BlobCache.CachedBlob(digest, size, committed);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void lock() throws InterruptedIOException {
    try {
      oneAtATime.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to compress a layer");
    }
  }

  private static Digest hash(ImageSource.Content content) throws IOException {
    MessageDigest sha = Digest.newSha256();
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = content.open()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return Digest.sha256Of(sha);
  }
}
