package dev.ecrcname.archive;

import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Hands out a layer's stored bytes unchanged while checking them, in the same pass, against the
 * stored digest and the config's diff_id. For a compressed layer the decompressor pulls the stored
 * bytes through a capture buffer; the captured bytes are what the caller receives, and the
 * decompressed output is only hashed. The check happens when the caller reaches the end: instead of
 * end-of-stream it then gets an {@link ArchiveException}, so an upload of a mismatching layer fails
 * before it completes.
 */
final class VerifyingLayerStream extends ChunkInputStream {
  /**
   * Stored bytes that produce no output for this long are not a sensible layer (and would fill the
   * heap).
   */
  private static final int MAX_CAPTURED = 16 << 20;

  private final InputStream raw;
  private final Capture capture = new Capture();
  private final @Nullable InputStream inflated;

  /**
   * Null when there is nothing extra to check: no stored digest, or stored bytes that are the tar
   * itself, whose digest is the diff_id, so that one hash covers both.
   */
  private final @Nullable MessageDigest storedHash;

  private final MessageDigest diffHash;
  private final @Nullable Digest storedDigest;
  private final Digest diffId;
  private final String what;
  private final byte[] scratch = new byte[Decompression.BUFFER];
  private boolean inflatedDone;
  private boolean rawDone;
  private boolean verified;

  VerifyingLayerStream(
      InputStream raw,
      Compression compression,
      Digest diffId,
      @Nullable Digest storedDigest,
      String what)
      throws IOException {
    this.raw = raw;
    this.diffId = diffId;
    this.storedDigest = storedDigest;
    this.what = what;
    boolean sameAsDiffId = compression == Compression.NONE && diffId.equals(storedDigest);
    this.storedHash = storedDigest == null || sameAsDiffId ? null : storedDigest.newHasher();
    this.diffHash = Digest.newSha256();
    this.inflated =
        compression == Compression.NONE ? null : Decompression.open(compression, capture);
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    InputStream decompressor = inflated;
    int n =
        decompressor == null
            ? readPlain(buffer, offset, length)
            : readCompressed(decompressor, buffer, offset, length);
    if (n < 0) {
      verify();
      return -1;
    }
    if (storedHash != null) {
      storedHash.update(buffer, offset, n);
    }
    return n;
  }

  private int readPlain(byte[] buffer, int offset, int length) throws IOException {
    int n = raw.read(buffer, offset, length);
    if (n > 0) {
      diffHash.update(buffer, offset, n);
    }
    return n;
  }

  private int readCompressed(InputStream decompressor, byte[] buffer, int offset, int length)
      throws IOException {
    while (capture.isEmpty()) {
      if (!inflatedDone) {
        int n = inflateSome(decompressor);
        if (n < 0) {
          inflatedDone = true;
        } else {
          diffHash.update(scratch, 0, n);
        }
      } else if (!rawDone) {
        // The decompressor has finished; whatever follows is passed on as stored (and covered by
        // the stored digest).
        readRawRest();
      } else {
        return -1;
      }
    }
    return capture.take(buffer, offset, length);
  }

  private void readRawRest() throws IOException {
    int n = raw.read(scratch);
    if (n < 0) {
      rawDone = true;
    } else {
      capture.append(scratch, 0, n);
    }
  }

  /**
   * Failures reading the archive stay I/O errors; anything else the decompressor throws means
   * corrupt data.
   */
  private int inflateSome(InputStream decompressor) throws IOException {
    try {
      return decompressor.read(scratch);
    } catch (IOException e) {
      if (e == capture.failure) {
        throw e;
      }
      throw new ArchiveException(what + " does not decompress: " + e.getMessage(), e);
    }
  }

  private void verify() {
    if (verified) {
      return;
    }
    verified = true;
    // The diff_id first: for a plain layer the stored digest is the diff_id, and this message says
    // more.
    StoredLayer.requireDiffId(
        diffHash,
        diffId,
        what,
        "rule: a layer must decompress to its diff_id (docker load: invalid diffID)");
    if (storedDigest != null && storedHash != null && !storedDigest.matches(storedHash)) {
      throw new ArchiveException(
          what
              + ": the stored bytes do not hash to "
              + storedDigest
              + "; the archive is corrupt (rule:"
              + " content-addressed bytes, a blobs/sha256/ file or what a descriptor describes, must hash to their"
              + " digest)");
    }
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }

  /** The decompressor's source: reads the stored bytes and keeps a copy for the caller. */
  private final class Capture extends ChunkInputStream {
    private byte[] queue = new byte[Decompression.BUFFER];
    private int head;
    private int tail;
    private @Nullable IOException failure;

    boolean isEmpty() {
      return head == tail;
    }

    void append(byte[] bytes, int offset, int length) {
      if (tail + length > queue.length) {
        int pending = tail - head;
        if (pending + length > MAX_CAPTURED) {
          throw new ArchiveException(
              what + ": compressed data yields no output for over " + MAX_CAPTURED + " bytes");
        }
        byte[] target = queue;
        if (pending + length > queue.length) {
          target = new byte[Math.max(queue.length * 2, pending + length)];
        }
        System.arraycopy(queue, head, target, 0, pending);
        queue = target;
        head = 0;
        tail = pending;
      }
      System.arraycopy(bytes, offset, queue, tail, length);
      tail += length;
    }

    int take(byte[] buffer, int offset, int length) {
      int n = Math.min(length, tail - head);
      System.arraycopy(queue, head, buffer, offset, n);
      head += n;
      if (head == tail) {
        head = 0;
        tail = 0;
      }
      return n;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = raw.read(buffer, offset, length);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      if (n > 0) {
        append(buffer, offset, n);
      } else if (n < 0) {
        rawDone = true;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return raw.available();
    }
  }
}
