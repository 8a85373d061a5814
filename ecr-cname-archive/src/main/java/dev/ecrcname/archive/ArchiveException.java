package dev.ecrcname.archive;

import dev.ecrcname.core.EcrCnameException;

/**
 * A tarball could not be written or read: a layer that does not match its diff_id, a hostile or
 * truncated archive, an I/O failure. The message names the file and what to fix.
 */
public class ArchiveException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  public ArchiveException(String message) {
    super(message);
  }

  public ArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
