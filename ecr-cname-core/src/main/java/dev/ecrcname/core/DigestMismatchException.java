package dev.ecrcname.core;

/**
 * Bytes did not hash to the digest they were supposed to have. The partial file, if any, is already
 * deleted.
 */
public final class DigestMismatchException extends ContentException {
  private static final long serialVersionUID = 1L;

  /** The digest the bytes must have. */
  private final Digest expected;

  /** The digest the bytes have. */
  private final Digest actual;

  /**
   * A verification failure.
   *
   * @param what what was verified, e.g. {@code layer sha256:…}
   * @param expected the digest the bytes must have
   * @param actual the digest they have
   */
  public DigestMismatchException(String what, Digest expected, Digest actual) {
    super(
        Problem.DIGEST_MISMATCH,
        what + " failed verification: expected " + expected + " but the bytes hash to " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * The digest the bytes must have.
   *
   * @return the expected digest
   */
  public Digest expected() {
    return expected;
  }

  /**
   * The digest the bytes have.
   *
   * @return the actual digest
   */
  public Digest actual() {
    return actual;
  }
}
