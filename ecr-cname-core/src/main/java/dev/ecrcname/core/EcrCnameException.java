package dev.ecrcname.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception ecr-cname throws. Unchecked, as in the AWS SDK. Messages name what to
 * fix and never carry a secret.
 */
public class EcrCnameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EcrCnameException(String message) {
    super(message);
  }

  public EcrCnameException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
