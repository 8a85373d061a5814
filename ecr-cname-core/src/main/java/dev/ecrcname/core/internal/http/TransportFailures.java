package dev.ecrcname.core.internal.http;

import dev.ecrcname.core.TransportException;
import dev.ecrcname.core.TransportException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Names an I/O failure by what it means ({@link Kind}), once, where it happens, so that nobody
 * above has to walk cause chains. Messages carry the redacted URL and never a credential.
 */
public final class TransportFailures {
  private TransportFailures() {}

  /** {@code what} failed with {@code cause} on the way to {@code url}. */
  public static TransportException of(
      String what, HttpUrl url, IOException cause, RegistryEndpoint endpoint) {
    Kind kind = kind(cause);
    if (kind == Kind.TLS_NAME && endpoint.isCnameHost(url.host())) {
      // Checked against the registry host, not the name in the URL: say which name that was.
      return new TransportException(
          kind,
          what
              + " failed: the TLS certificate of "
              + url.host()
              + " does not name the registry host "
              + endpoint.registryHost()
              + ", which it was checked against; set the registry host to the ECR host the CNAME points at ("
              + cause.getMessage()
              + ")",
          cause);
    }
    String detail =
        kind == Kind.INTERRUPTED ? "interrupted" : "failed: " + Redaction.url(url) + ": " + cause;
    return new TransportException(kind, what + " " + detail, cause);
  }

  /** The kind of an I/O failure, judged by the failure and its causes. */
  public static Kind kind(IOException e) {
    if (isInterrupt(e)) {
      return Kind.INTERRUPTED;
    }
    if (e instanceof SocketTimeoutException || isDeadline(e)) {
      return Kind.TIMEOUT;
    }
    if (e instanceof UnknownHostException) {
      return Kind.DNS;
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return Kind.CONNECT;
    }
    if (e instanceof RefusedHopException) {
      return Kind.REFUSED;
    }
    if (e instanceof SSLPeerUnverifiedException) {
      return Kind.TLS_NAME;
    }
    if (e instanceof SSLException) {
      if (causedBy(e, Set.of(CertPathBuilderException.class, CertPathValidatorException.class))) {
        return Kind.TLS_UNTRUSTED;
      }
      // The JDK's endpoint identification fails the handshake with a bare CertificateException.
      return causedBy(e, Set.of(CertificateException.class)) ? Kind.TLS_NAME : Kind.TLS;
    }
    return Kind.IO;
  }

  /**
   * Whether the thread was interrupted. A read or connect timeout is also an InterruptedIOException
   * in Java, but it is a network failure like any other.
   */
  public static boolean isInterrupt(IOException e) {
    return (e instanceof InterruptedIOException
            && !(e instanceof SocketTimeoutException)
            && !isDeadline(e))
        || e instanceof ClosedByInterruptException;
  }

  /**
   * OkHttp's call timeout (the deadline of a small request) ends the call with an
   * InterruptedIOException "timeout"; a thread interrupt says "interrupted".
   */
  private static boolean isDeadline(IOException e) {
    return e instanceof InterruptedIOException
        && "timeout".equals(e.getMessage())
        && !Thread.currentThread().isInterrupted();
  }

  private static boolean causedBy(Throwable e, Set<Class<? extends Throwable>> types) {
    for (@Nullable Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }
}
