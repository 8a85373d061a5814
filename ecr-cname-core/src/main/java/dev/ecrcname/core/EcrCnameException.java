package dev.ecrcname.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception ecr-cname throws, never thrown itself: each failure is one of its
 * branches (the registry answered with a refusal, the transport failed, the content is wrong, this
 * machine failed, …), so a caller can catch by meaning. Unchecked, as in the AWS SDK. Messages name
 * what to fix and never carry a secret.
 */
public abstract class EcrCnameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message.
   *
   * @param message what went wrong and what to fix; never a secret
   */
  protected EcrCnameException(String message) {
    super(message);
  }

  /**
   * An exception with a message and its cause.
   *
   * @param message what went wrong and what to fix; never a secret
   * @param cause the underlying failure, or null
   */
  protected EcrCnameException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
