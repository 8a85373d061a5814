package dev.ecrcname.archive;

import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * A layer as the archive stores it under {@code blobs/sha256/}: the file holding its bytes (the
 * registry's blob, or a decompressed temp file), their digest, size and compression.
 */
record StoredLayer(Digest digest, long size, Path file, Compression compression) {

  /** The OCI media type that describes these bytes. */
  String mediaType() {
    return switch (compression) {
      case GZIP -> MediaTypes.OCI_LAYER + "+gzip";
      case ZSTD -> MediaTypes.OCI_LAYER + "+zstd";
      case NONE -> MediaTypes.OCI_LAYER;
    };
  }

  Descriptor descriptor() {
    return new Descriptor(mediaType(), digest, size);
  }

  /**
   * Decompresses a blob into a temp file in {@code tempDir}, hashing as it goes, and checks the
   * result against the config's diff_id. A blob that is already a plain tar is only hashed and then
   * stored from where it is, saving a copy. With {@code unhashed} (the digest of a cached blob the
   * pull did not hash), the blob is hashed on the same read: {@link UnhashedBlob.Changed} when it
   * is not that digest's bytes.
   */
  static StoredLayer uncompressed(
      Path blob, Digest diffId, Path tempDir, String what, @Nullable Digest unhashed)
      throws IOException {
    UnhashedBlob check = unhashed != null ? new UnhashedBlob(blob, unhashed) : null;
    try {
      return uncompressed(blob, diffId, tempDir, what, check);
    } catch (ArchiveException e) {
      throw check != null && !(e instanceof UnhashedBlob.Changed) ? check.explain(e) : e;
    }
  }

  private static StoredLayer uncompressed(
      Path blob, Digest diffId, Path tempDir, String what, @Nullable UnhashedBlob check)
      throws IOException {
    MessageDigest hash = Digest.newSha256();
    InputStream file = Decompression.open(blob);
    try (InputStream raw =
        new BufferedInputStream(check != null ? check.hashing(file) : file, Decompression.BUFFER)) {
      Compression compression = Compression.sniff(raw);
      if (compression == Compression.NONE) {
        long size = copy(raw, null, hash);
        if (check != null) {
          check.finish(raw);
        }
        requireDiffId(hash, diffId, what);
        return new StoredLayer(diffId, size, blob, Compression.NONE);
      }
      Path temp = Files.createTempFile(tempDir, "layer-", ".tar");
      long size;
      try (InputStream in = Decompression.layer(compression, raw);
          FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        size = copy(in, out, hash);
        if (check != null) {
          check.finish(raw);
        }
      } catch (ClosedChannelException | UnhashedBlob.Changed e) {
        throw e;
      } catch (IOException e) {
        throw new ArchiveException(
            what + " does not decompress as " + compression + ": " + e.getMessage(), e);
      }
      requireDiffId(hash, diffId, what);
      return new StoredLayer(diffId, size, temp, Compression.NONE);
    }
  }

  /** The registry's blob, stored as it is; its digest was verified when it was pulled. */
  static StoredLayer asPulled(Path blob, Descriptor descriptor, String what) throws IOException {
    long size = Files.size(blob);
    if (size != descriptor.size()) {
      throw new ArchiveException(
          what
              + ": blob file "
              + blob
              + " holds "
              + size
              + " bytes, but the manifest says "
              + descriptor.size());
    }
    Compression compression;
    try (InputStream in = new BufferedInputStream(Decompression.open(blob), 8)) {
      compression = Compression.sniff(in);
    }
    return new StoredLayer(descriptor.digest(), size, blob, compression);
  }

  private static long copy(InputStream in, @Nullable FileChannel out, MessageDigest hash)
      throws IOException {
    byte[] buffer = new byte[Decompression.BUFFER * 4];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      hash.update(buffer, 0, n);
      total += n;
      if (out != null) {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
      }
    }
    return total;
  }

  static void requireDiffId(MessageDigest hash, Digest diffId, String what) {
    requireDiffId(hash, diffId, what, "the image is corrupt, so nothing was written");
  }

  /**
   * Throws unless {@code hash} (of the decompressed layer) is {@code diffId}.
   *
   * @param consequence what the mismatch means where it is found, ending the message
   */
  static void requireDiffId(MessageDigest hash, Digest diffId, String what, String consequence) {
    Digest actual = Digest.sha256Of(hash);
    if (!actual.equals(diffId)) {
      throw new ArchiveException(
          what
              + " decompresses to "
              + actual
              + ", but the image config's rootfs.diff_ids says "
              + diffId
              + "; "
              + consequence);
    }
  }
}
