package dev.ecrcname.core;

/** The registry rejected the credentials, even after fresh ones were fetched. */
public final class RegistryAuthenticationException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryAuthenticationException(String message) {
    super(401, ErrorCode.UNAUTHORIZED, message);
  }
}
