package dev.ecrcname.core;

/**
 * Bytes did not hash to the digest they were supposed to have. The partial file, if any, is already
 * deleted.
 */
public final class DigestMismatchException extends ContentException {
  private static final long serialVersionUID = 1L;

  private final Digest expected;
  private final Digest actual;

  public DigestMismatchException(String what, Digest expected, Digest actual) {
    super(
        Problem.DIGEST_MISMATCH,
        what + " failed verification: expected " + expected + " but the bytes hash to " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public Digest expected() {
    return expected;
  }

  public Digest actual() {
    return actual;
  }
}
