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
    BLOB_UNKNOWN,
    BLOB_UPLOAD_INVALID,
    BLOB_UPLOAD_UNKNOWN,
    DIGEST_INVALID,
    MANIFEST_BLOB_UNKNOWN,
    MANIFEST_INVALID,
    MANIFEST_UNKNOWN,
    MANIFEST_UNVERIFIED,
    NAME_INVALID,
    NAME_UNKNOWN,
    SIZE_INVALID,
    TAG_INVALID,
    UNAUTHORIZED,
    DENIED,
    UNSUPPORTED,
    TOOMANYREQUESTS,
    /** No error body, or a code this client does not know. */
    UNKNOWN;

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

  private final int status;
  private final ErrorCode code;
  private final @Nullable Duration retryAfter;
  private final boolean fromRegistry;

  public RegistryException(int status, ErrorCode code, String message) {
    this(status, code, message, null);
  }

  public RegistryException(
      int status, ErrorCode code, String message, @Nullable Duration retryAfter) {
    this(status, code, message, retryAfter, true);
  }

  /**
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

  /** The HTTP status the registry answered with. */
  public int status() {
    return status;
  }

  /**
   * How long the registry asked callers to wait before trying again, when it said ({@code
   * Retry-After}).
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Whether the registry itself answered (through the CNAME), rather than a host it redirected to
   * (S3) or a foreign layer's URL. Only the registry's own bare 404 says the registry host is
   * wrong.
   */
  public boolean fromRegistry() {
    return fromRegistry;
  }

  public ErrorCode code() {
    return code;
  }
}
