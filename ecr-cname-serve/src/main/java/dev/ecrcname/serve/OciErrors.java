package dev.ecrcname.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.NotFoundException;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Error answers in the Distribution / OCI form ({@code {"errors":[{"code","message"}]}}), and the
 * mapping of core's exceptions to them: what the client did wrong keeps its status, what went wrong
 * upstream is the mirror's 502/503, never a 401 that would send an engine to look for credentials.
 */
final class OciErrors {
  private static final Set<String> NOT_FOUND_CODES =
      Set.of("MANIFEST_UNKNOWN", "BLOB_UNKNOWN", "NAME_UNKNOWN");

  private OciErrors() {}

  /** An error the mirror decided on, with a status and an OCI code. */
  record OciError(int status, String code, String message, @Nullable Duration retryAfter) {
    OciError(int status, String code, String message) {
      this(status, code, message, null);
    }
  }

  static void write(Response response, Callback callback, OciError error) {
    JsonObject entry = new JsonObject();
    entry.addProperty("code", error.code());
    entry.addProperty("message", error.message());
    JsonArray errors = new JsonArray();
    errors.add(entry);
    JsonObject body = new JsonObject();
    body.add("errors", errors);
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(error.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    if (error.retryAfter() != null) {
      response
          .getHeaders()
          .put(HttpHeader.RETRY_AFTER, Long.toString(error.retryAfter().toSeconds()));
    }
    response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
  }

  /**
   * The answer for a failed upstream call; {@code notFound} is the code of a 404 on this route
   * (MANIFEST_UNKNOWN, BLOB_UNKNOWN or NAME_UNKNOWN), unless the registry named a finer one.
   */
  static OciError of(RuntimeException e, String notFound) {
    if (e instanceof NotFoundException nf) {
      String code = nf.code().name();
      return new OciError(
          404, NOT_FOUND_CODES.contains(code) ? code : notFound, String.valueOf(e.getMessage()));
    }
    if (e instanceof RegistryAuthenticationException) {
      return new OciError(503, "UNAVAILABLE", "the mirror's own registry credentials failed");
    }
    if (e instanceof RegistryException re) {
      return registryRefusal(re);
    }
    if (e instanceof TransportException) {
      return new OciError(
          503, "UNAVAILABLE", "the registry is unreachable: " + String.valueOf(e.getMessage()));
    }
    if (e instanceof ContentException) {
      return new OciError(
          502, "UNAVAILABLE", "the registry sent bad content: " + String.valueOf(e.getMessage()));
    }
    if (e instanceof IllegalArgumentException) {
      return new OciError(400, "NAME_INVALID", String.valueOf(e.getMessage()));
    }
    return new OciError(500, "UNKNOWN", "internal error in the mirror");
  }

  private static OciError registryRefusal(RegistryException e) {
    int status = e.status();
    if (status == 429) {
      Duration retry = e.retryAfter().orElse(Duration.ofSeconds(1));
      return new OciError(429, "TOOMANYREQUESTS", String.valueOf(e.getMessage()), retry);
    }
    if (status >= 400 && status < 500 && status != 401 && status != 403) {
      RegistryException.ErrorCode code = e.code();
      return new OciError(
          status,
          code == RegistryException.ErrorCode.UNKNOWN ? "UNSUPPORTED" : code.name(),
          String.valueOf(e.getMessage()));
    }
    return new OciError(
        502, "UNAVAILABLE", "the registry refused: " + String.valueOf(e.getMessage()));
  }
}
