package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.DigestMismatchException;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.internal.http.RetryPolicy;
import dev.ecrcname.core.internal.ops.BlobGet;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A bounded pipe from a blob GET (the {@link BlobGet.Sink} side, on a reader thread) to an upload
 * body (the {@link InputStream} side, on the uploading thread): a copy between registries with no
 * disk and at most {@link #CHUNKS} buffers of memory per blob. The bytes are hashed as they pass,
 * and the reader sees the end only once they match the digest; a mismatch or a failed GET reaches
 * the upload as a failure instead, so the registry never gets a short or wrong blob.
 */
final class BlobPipe implements BlobGet.Sink {
  /** Chunks in flight; BlobGet hands over up to 256 KiB at a time, so about 1 MiB per blob. */
  static final int CHUNKS = 4;

  private static final byte[] END = new byte[0];

  /** The reader side gave up (the upload ended); the GET stops at its next buffer. */
  static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super("the upload stopped reading", null, false, false);
    }
  }

  private final Descriptor blob;
  private final MessageDigest hasher;
  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS + 1);
  private volatile boolean closed;
  private volatile @Nullable Throwable failure;
  private long position;

  BlobPipe(Descriptor blob) {
    this.blob = blob;
    this.hasher = blob.digest().newHasher();
  }

  @Override
  public long position() {
    return position;
  }

  /** A pipe cannot take back what it passed on: only a restart from nothing is possible. */
  @Override
  public void restart() {
    if (position > 0) {
      throw new IllegalStateException(
          "the source did not resume blob " + blob.digest() + " at byte " + position);
    }
    hasher.reset();
  }

  @Override
  public void accept(byte[] buffer, int length) {
    hasher.update(buffer, 0, length);
    byte[] chunk = new byte[length];
    System.arraycopy(buffer, 0, chunk, 0, length);
    put(chunk);
    position += length;
  }

  /** The GET ended: the end of the stream when the bytes are the blob, else a failure. */
  void finish() {
    Digest actual = Digest.of(hasher);
    if (position != blob.size() || !actual.equals(blob.digest())) {
      fail(
          new DigestMismatchException(
              "copied blob " + blob.digest() + " (" + position + " of " + blob.size() + " bytes)",
              blob.digest(),
              actual));
      return;
    }
    put(END);
  }

  /** The GET failed; the upload fails with it. */
  void fail(Throwable t) {
    failure = t;
    try {
      put(END); // after the chunks already passed: the reader fails once it gets here
    } catch (Closed e) {
      // nobody reads any more
    }
  }

  private void put(byte[] chunk) {
    try {
      while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (closed) {
          throw new Closed();
        }
      }
      if (closed) {
        throw new Closed();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Closed();
    }
  }

  /** The upload's side; closing it stops the GET. */
  InputStream input() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int offset;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (offset == current.length) {
          if (ended) {
            return -1;
          }
          byte[] next = take();
          if (next == END) {
            rethrowFailure();
            ended = true;
            return -1;
          }
          current = next;
          offset = 0;
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, b, off, n);
        offset += n;
        return n;
      }

      @Override
      public void close() {
        closed = true;
        chunks.clear();
      }
    };
  }

  private byte[] take() throws IOException {
    try {
      return chunks.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("copy of blob " + blob.digest() + " interrupted");
    }
  }

  /**
   * A failure that trying again cannot mend (a missing blob, wrong bytes) ends the upload's retries
   * as itself; any other is an I/O failure of this attempt, which the upload tries again.
   */
  private void rethrowFailure() throws IOException {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof EcrCnameException e && !RetryPolicy.isRetryable(e)) {
      throw e;
    }
    throw new IOException("reading blob " + blob.digest() + " from the source failed: " + t, t);
  }
}
