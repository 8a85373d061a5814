package dev.ecrcname.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A blob's bytes as they arrive, from {@link PassThrough#openBlob}: for a mirror that passes them
 * on. The stream of a whole blob is verified: the read that reaches the end throws {@link
 * DigestMismatchException} instead when the bytes do not hash to the digest, so pass bytes on only
 * after the next read succeeded. A range cannot be verified on its own. Close it.
 */
public final class BlobStream implements AutoCloseable {
  private final Digest digest;
  private final long offset;
  private final long length;
  private final long size;
  private final InputStream stream;

  /**
   * An open blob.
   *
   * @param digest the blob's digest
   * @param offset the first byte the stream holds (0 for a whole blob)
   * @param length how many bytes the stream holds, or -1 when the registry did not say
   * @param size the whole blob's size, or -1 when the registry did not say
   * @param stream the bytes
   */
  public BlobStream(Digest digest, long offset, long length, long size, InputStream stream) {
    this.digest = digest;
    this.offset = offset;
    this.length = length;
    this.size = size;
    this.stream = stream;
  }

  /**
   * The blob's digest.
   *
   * @return the digest
   */
  public Digest digest() {
    return digest;
  }

  /**
   * The first byte the stream holds.
   *
   * @return 0 for a whole blob
   */
  public long offset() {
    return offset;
  }

  /**
   * How many bytes the stream holds.
   *
   * @return the length, or -1 when unknown
   */
  public long length() {
    return length;
  }

  /**
   * The whole blob's size.
   *
   * @return the size, or -1 when unknown
   */
  public long size() {
    return size;
  }

  /**
   * Whether the stream holds only a range of the blob (and so is not verified).
   *
   * @return true for a range
   */
  public boolean partial() {
    return offset > 0 || (size >= 0 && length >= 0 && length < size);
  }

  /**
   * The bytes; read them once.
   *
   * @return the stream
   */
  public InputStream stream() {
    return stream;
  }

  /** Releases the connection, also when the bytes were not all read. */
  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "BlobStream[" + digest + " from " + offset + ", " + length + " of " + size + " bytes]";
  }
}
