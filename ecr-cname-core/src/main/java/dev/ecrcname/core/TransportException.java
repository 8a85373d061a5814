package dev.ecrcname.core;

/**
 * The registry (or the blob storage it redirects to) could not be reached or talked to: no answer
 * at all, as opposed to a {@link RegistryException}, which is an answer. {@link #kind()} tells the
 * failures apart, so a caller can decide what to retry or report without reading causes.
 */
public final class TransportException extends EcrCnameException {
  private static final long serialVersionUID = 1L;

  /** What went wrong on the way to the server. */
  public enum Kind {
    /** The host name does not resolve. */
    DNS,
    /** Nothing accepted the connection (refused, unreachable). */
    CONNECT,
    /**
     * The certificate chain is not signed by a trusted CA (pass the private CA with trusted
     * certificates).
     */
    TLS_UNTRUSTED,
    /**
     * The certificate does not name the host it was checked against (for the CNAME: the registry
     * host).
     */
    TLS_NAME,
    /** Any other TLS failure: protocol or cipher mismatch, a reset during the handshake. */
    TLS,
    /** A connect, read or overall deadline passed. */
    TIMEOUT,
    /** The thread was interrupted or the client closed; nothing partial was left behind. */
    INTERRUPTED,
    /**
     * A redirect or Location this client refuses to follow (to plain http, another host, or in a
     * loop).
     */
    REFUSED,
    /** Any other I/O failure: a connection reset, a body cut short. */
    IO
  }

  /** What went wrong. */
  private final Kind kind;

  /**
   * A transport failure with its cause.
   *
   * @param kind what went wrong
   * @param message which host and what to check
   * @param cause the I/O failure
   */
  public TransportException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * A transport failure.
   *
   * @param kind what went wrong
   * @param message which host and what to check
   */
  public TransportException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /**
   * What went wrong, for callers that react by kind.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether trying again could succeed: a network hiccup, not a wrong name, certificate or an
   * interrupt.
   *
   * @return true for CONNECT, TIMEOUT and IO
   */
  public boolean isTransient() {
    return kind == Kind.CONNECT || kind == Kind.TIMEOUT || kind == Kind.IO;
  }
}
