package dev.ecrcname.core;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The registry answered, and the answer was a refusal. Carries the HTTP status and, when the
 * registry sent one, the Distribution error code (see the <a
 * href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">spec's
 * error codes</a>).
 */
public class RegistryException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  /** The error codes of the distribution spec, plus those ECR and Docker Hub add. */
  public enum ErrorCode {
    /** The blob is not in the repository. */
    BLOB_UNKNOWN,
    /** The upload is invalid, e.g. a chunk out of order. */
    BLOB_UPLOAD_INVALID,
    /** The upload session is unknown or expired. */
    BLOB_UPLOAD_UNKNOWN,
    /** The bytes do not match the digest given with them. */
    DIGEST_INVALID,
    /** The manifest references a blob the repository does not have. */
    MANIFEST_BLOB_UNKNOWN,
    /** The manifest cannot be read or fails validation. */
    MANIFEST_INVALID,
    /** No manifest under that tag or digest. */
    MANIFEST_UNKNOWN,
    /** A schema 1 manifest whose signature does not verify. */
    MANIFEST_UNVERIFIED,
    /** The repository name is invalid. */
    NAME_INVALID,
    /** No such repository. */
    NAME_UNKNOWN,
    /** The content's length does not match the size given. */
    SIZE_INVALID,
    /** The tag is invalid, or (ECR) immutable and taken. */
    TAG_INVALID,
    /** Authentication is required or failed. */
    UNAUTHORIZED,
    /** Authenticated, but not allowed to do this. */
    DENIED,
    /** The operation or a parameter is not supported, e.g. ECR's {@code n} above 1000. */
    UNSUPPORTED,
    /** Throttled; see {@link RegistryException#retryAfter()}. */
    TOOMANYREQUESTS,
    /** No error body, or a code this client does not know. */
    UNKNOWN;

    /**
     * The code a registry's error body names.
     *
     * @param code the {@code code} field of the error body, or null
     * @return the matching code, or {@link #UNKNOWN}
     */
    public static ErrorCode of(@Nullable String code) {
      if (code != null) {
        for (ErrorCode c : values()) {
          if (c.name().equals(code)) {
            return c;
          }
        }
      }
      return UNKNOWN;
    }
  }

  /** The HTTP status. */
  private final int status;

  /** The Distribution error code. */
  private final ErrorCode code;

  /** The wait the registry asked for, or null. */
  private final @Nullable Duration retryAfter;

  /** Whether the registry itself answered, not a host it sent us to. */
  private final boolean fromRegistry;

  /**
   * A refusal without {@code Retry-After}.
   *
   * @param status the HTTP status
   * @param code the Distribution error code, or {@link ErrorCode#UNKNOWN}
   * @param message what was refused and what to do about it
   */
  public RegistryException(int status, ErrorCode code, String message) {
    this(status, code, message, null);
  }

  /**
   * A refusal.
   *
   * @param status the HTTP status
   * @param code the Distribution error code, or {@link ErrorCode#UNKNOWN}
   * @param message what was refused and what to do about it
   * @param retryAfter how long the registry asked us to wait ({@code Retry-After}), or null
   * @throws IllegalArgumentException when {@code status} is not an HTTP status
   */
  public RegistryException(
      int status, ErrorCode code, String message, @Nullable Duration retryAfter) {
    this(status, code, message, retryAfter, true);
  }

  /**
   * A refusal, from the registry or from a host it sent us to.
   *
   * @param status the HTTP status
   * @param code the Distribution error code, or {@link ErrorCode#UNKNOWN}
   * @param message what was refused and what to do about it
   * @param retryAfter how long the registry asked us to wait ({@code Retry-After}), or null
   * @param fromRegistry false when the answer came from a host the registry redirected to (S3) or a
   *     foreign layer's URL, not from the registry through the CNAME
   */
  public RegistryException(
      int status,
      ErrorCode code,
      String message,
      @Nullable Duration retryAfter,
      boolean fromRegistry) {
    super(message);
    this.fromRegistry = fromRegistry;
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /**
   * The HTTP status the registry answered with.
   *
   * @return the status, 100 to 599
   */
  public int status() {
    return status;
  }

  /**
   * How long the registry asked callers to wait before trying again, when it said ({@code
   * Retry-After}).
   *
   * @return the wait, or empty
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Whether the registry itself answered (through the CNAME), rather than a host it redirected to
   * (S3) or a foreign layer's URL. Only the registry's own bare 404 says the registry host is
   * wrong.
   *
   * @return false for an answer from S3 or a foreign layer URL
   */
  public boolean fromRegistry() {
    return fromRegistry;
  }

  /**
   * The Distribution error code the registry sent.
   *
   * @return the code, or {@link ErrorCode#UNKNOWN} when it sent none this client knows
   */
  public ErrorCode code() {
    return code;
  }
}
