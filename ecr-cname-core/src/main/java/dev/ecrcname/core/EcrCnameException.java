package dev.ecrcname.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception ecr-cname throws. Unchecked, as in the AWS SDK. Messages name what to
 * fix and never carry a secret.
 */
public class EcrCnameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message.
   *
   * @param message what went wrong and what to fix; never a secret
   */
  public EcrCnameException(String message) {
    super(message);
  }

  /**
   * An exception with a message and its cause.
   *
   * @param message what went wrong and what to fix; never a secret
   * @param cause the underlying failure, or null
   */
  public EcrCnameException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
