package dev.ecrcname.core;

/**
 * Bytes arrived but are not what they must be: they fail their digest, a manifest cannot be read,
 * or something is larger than its limit. Never retried: the same request would bring the same
 * bytes. Nothing unverified is kept.
 */
public class ContentException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the content. */
  public enum Problem {
    /** The bytes hash to another digest than the one they were asked for or announced with. */
    DIGEST_MISMATCH,
    /** A manifest, index, config or header that cannot be read. */
    INVALID,
    /** Larger than its declared size or than the limit for its kind. */
    TOO_LARGE,
    /** Well-formed, but of a kind this client does not handle (schema 1, an unknown media type). */
    UNSUPPORTED
  }

  /** What is wrong with the content. */
  private final Problem problem;

  /**
   * A content failure.
   *
   * @param problem what is wrong with the content
   * @param message what was expected and what arrived
   */
  public ContentException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  /**
   * A content failure found through another exception.
   *
   * @param problem what is wrong with the content
   * @param message what was expected and what arrived
   * @param cause the failure that revealed it, e.g. a parse error
   */
  public ContentException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  /**
   * What is wrong with the content, for callers that react by kind.
   *
   * @return the problem
   */
  public Problem problem() {
    return problem;
  }
}
