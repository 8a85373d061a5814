package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.DigestMismatchException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A whole blob's body, hashed as it is read. The read that would report the end throws instead when
 * the bytes do not hash to the digest (or are more than the declared size), so a reader that passes
 * bytes on only after its next read succeeded never hands out a complete wrong blob.
 */
public final class VerifyingStream extends FilterInputStream {
  private final Digest digest;
  private final long size;
  private final String what;
  private final MessageDigest hasher;
  private long count;
  private boolean checked;

  /**
   * @param size the declared size, or -1 when unknown
   */
  public VerifyingStream(InputStream in, Digest digest, long size, String what) {
    super(in);
    this.digest = digest;
    this.size = size;
    this.what = what;
    this.hasher = digest.newHasher();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n < 0) {
      check();
      return -1;
    }
    hasher.update(buffer, offset, n);
    count += n;
    if (size >= 0 && count > size) {
      throw new ContentException(
          ContentException.Problem.TOO_LARGE,
          what + " is larger than the " + size + " bytes it declares");
    }
    return n;
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    Digest actual = Digest.of(hasher);
    if (!actual.equals(digest)) {
      throw new DigestMismatchException(what, digest, actual);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("a verified blob is read whole; skipping would leave bytes unhashed");
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
