package dev.ecrcname.core;

import org.jspecify.annotations.Nullable;

/**
 * The registry refused a request. Carries the HTTP status and, when the registry sent one, the Distribution error
 * code (see the <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">spec's
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

  public RegistryException(int status, ErrorCode code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public RegistryException(int status, ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status, or 0 when the failure was not an HTTP answer (e.g. the connection failed). */
  public int status() {
    return status;
  }

  public ErrorCode code() {
    return code;
  }
}
