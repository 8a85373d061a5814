package dev.ecrcname.auth;

import dev.ecrcname.core.EcrCnameException;
import org.jspecify.annotations.Nullable;

/**
 * Getting ECR credentials from AWS failed. {@link #reason()} tells the failures apart; the message
 * names what to fix and never contains a secret (keys, session tokens, the registry password).
 */
public final class EcrAuthException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  /** Why getting ECR credentials failed. */
  public enum Reason {
    /** No AWS region was configured. */
    NO_REGION,
    /** No AWS credentials were found in the configured source or chain. */
    NO_CREDENTIALS,
    /** AWS rejected the credentials: wrong keys, or an expired session. */
    INVALID_CREDENTIALS,
    /** The principal may not call {@code ecr:GetAuthorizationToken}. */
    ACCESS_DENIED,
    /** STS refused or failed to assume the configured role. */
    ASSUME_ROLE_FAILED,
    /** AWS throttled the call, even after the SDK's retries. */
    THROTTLED,
    /** ECR answered, but with a token or endpoint that cannot be used. */
    INVALID_RESPONSE,
    /** Anything else: the network, a server error, an unexpected AWS error code. */
    OTHER
  }

  /** Why the token could not be had. */
  private final Reason reason;

  EcrAuthException(Reason reason, String message) {
    this(reason, message, null);
  }

  EcrAuthException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * Why AWS gave no token, for callers that react by reason.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
