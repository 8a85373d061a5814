package dev.ecrcname.core;

/** The registry rejected the credentials, even after fresh ones were fetched. */
public final class RegistryAuthenticationException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /**
   * A 401 after fresh credentials.
   *
   * @param message which registry host refused whom; never the password
   */
  public RegistryAuthenticationException(String message) {
    super(401, ErrorCode.UNAUTHORIZED, message);
  }
}
