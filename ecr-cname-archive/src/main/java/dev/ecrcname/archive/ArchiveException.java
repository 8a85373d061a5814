package dev.ecrcname.archive;

import dev.ecrcname.core.EcrCnameException;

/**
 * A tarball could not be written or read: a layer that does not match its diff_id, a hostile or
 * truncated archive, an I/O failure. The message names the file and what to fix.
 */
public class ArchiveException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  /**
   * An archive failure.
   *
   * @param message the file and what to fix
   */
  public ArchiveException(String message) {
    super(message);
  }

  /**
   * An archive failure with its cause.
   *
   * @param message the file and what to fix
   * @param cause the underlying failure, e.g. an I/O error
   */
  public ArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
