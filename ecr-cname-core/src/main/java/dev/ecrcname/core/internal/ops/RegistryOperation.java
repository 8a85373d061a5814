package dev.ecrcname.core.internal.ops;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * One registry call, described: method, route, accepted media types, body, and how to read the
 * answer. {@link RegistryCaller} does everything around it (URL rewriting, credentials, redirects,
 * retries, error mapping), so an operation is a few lines and adding one touches nothing else. In
 * the spirit of Jib's {@code RegistryEndpointProvider}.
 *
 * @param <T> what the answer is read into
 */
public interface RegistryOperation<T> {

  /** The operation in words for messages, e.g. {@code manifest app/small:1.0}. */
  String description();

  default String method() {
    return "GET";
  }

  /** Where the request goes: a route, or a URL the registry handed out (an upload session). */
  HttpUrl url(Routes routes);

  /** The media types to accept; empty sends no Accept header. */
  default List<String> accept() {
    return List.of();
  }

  /**
   * Extra request headers; asked again for every attempt, so a resumed download can say where it
   * stands.
   */
  default Map<String, String> headers() {
    return Map.of();
  }

  /** The body of a POST, PUT or PATCH; null sends an empty one. */
  default @Nullable RequestBody body() {
    return null;
  }

  /**
   * Whether this call moves a blob's bytes (a GET or a PATCH of a layer): those have no overall
   * deadline, which no size would fit, but must keep a minimum rate. Every other call is small and
   * gets the client's call timeout.
   */
  default boolean isTransfer() {
    return false;
  }

  /** Where a redirect of this call may lead. */
  enum Redirects {
    /** Nowhere: a blob HEAD must not chase a URL that S3 presigned for GET. */
    NEVER,
    /**
     * Back onto the registry only: a write's body (issue 21, defect 5), and any other call's
     * answer, come from the registry or not at all.
     */
    REGISTRY_ONLY,
    /** Also to another host, without credentials: a blob GET to S3's presigned URL. */
    ANYWHERE
  }

  default Redirects redirects() {
    return Redirects.REGISTRY_ONLY;
  }

  /** Whether {@code status} is an answer to read, rather than an error to raise. */
  default boolean isAnswer(int status) {
    return status >= 200 && status < 300;
  }

  /**
   * Reads the answer. An IOException here means the body broke off, and the call may be tried
   * again.
   */
  T read(Answer answer) throws IOException;
}
