package dev.ecrcname.core;

/**
 * This machine failed, not the registry or the network: the layer cache or the caller's output
 * could not be read or written (a full disk, a permission, a path), or local work was interrupted.
 * Trying the same call again does not help until the cause named in the message is fixed. Nothing
 * partial is left in the cache.
 */
public final class LocalException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  /** Which local part failed. */
  public enum Kind {
    /** The layer cache: its directory, its free space or its permissions. */
    CACHE,
    /** Where the caller asked the bytes to go: a {@link LayerReceiver} or a file it writes. */
    OUTPUT,
    /** Local work, such as waiting for parallel transfers, was interrupted. */
    INTERRUPTED
  }

  /** Which local part failed. */
  private final Kind kind;

  /**
   * A local failure with its cause.
   *
   * @param kind which local part failed
   * @param message the path or the work, and what to check
   * @param cause the underlying failure
   */
  public LocalException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * Which local part failed, for callers that react by kind.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
