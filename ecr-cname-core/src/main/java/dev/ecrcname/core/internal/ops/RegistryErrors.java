package dev.ecrcname.core.internal.ops;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.ecrcname.core.NotFoundException;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.RegistryException.ErrorCode;
import dev.ecrcname.core.internal.http.Redaction;
import dev.ecrcname.core.internal.http.RegistryEndpoint;
import dev.ecrcname.core.internal.http.RetryPolicy;
import java.io.IOException;
import java.util.List;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Turns a registry's refusal into a typed exception whose message says what to check. Only the
 * caller uses it.
 */
final class RegistryErrors {
  private static final Gson GSON = new Gson();

  /** Error bodies are small JSON; anything bigger is not worth reading into a message. */
  private static final long MAX_ERROR_BODY = 64 * 1024;

  /** The most of a registry's challenge an error quotes: a header of any length is one line. */
  static final int MAX_QUOTED = 256;

  private record ErrorsJson(@Nullable List<ErrorJson> errors) {}

  private record ErrorJson(@Nullable String code, @Nullable String message) {}

  private RegistryErrors() {}

  /**
   * @param what the operation in words, e.g. {@code "manifest app/small:1.0"}
   */
  static RegistryException of(Response response, String what, RegistryEndpoint endpoint) {
    int status = response.code();
    if (status == 401) {
      return new RegistryAuthenticationException(
          "the registry rejected the credentials for "
              + what
              + " (Host sent: "
              + endpoint.hostHeader()
              + ", challenge: "
              + quoted(response.header("WWW-Authenticate", "none"))
              + "); check that the registry host is the ECR host the CNAME points at and that the credentials"
              + " are valid for it");
    }
    if (!endpoint.isCname(response.request().url())) {
      return offRegistry(response, what);
    }
    ErrorJson error = firstError(response);
    ErrorCode code = code(error);
    String detail = error == null || error.message() == null ? "" : ": " + error.message();
    String message = describe(status, code, what, endpoint) + detail;
    if (status == 404) {
      return new NotFoundException(code, message);
    }
    return new RegistryException(
        status, code, message, RetryPolicy.parseRetryAfter(response.header("Retry-After")));
  }

  /**
   * The error's code; ECR's API name for a tag-immutable refusal counts as the spec's {@code
   * TAG_INVALID}, which is what its registry API answers.
   */
  private static ErrorCode code(@Nullable ErrorJson error) {
    String raw = error == null ? null : error.code();
    return "ImageTagAlreadyExistsException".equals(raw) ? ErrorCode.TAG_INVALID : ErrorCode.of(raw);
  }

  /**
   * An error from S3 (after the registry's redirect) or from a foreign layer URL: the registry host
   * is not in question, so nothing here may suggest changing it (issue 12, defect 13).
   */
  private static RegistryException offRegistry(Response response, String what) {
    int status = response.code();
    String message =
        what
            + " failed: HTTP "
            + status
            + " from "
            + Redaction.url(response.request().url())
            + ", where the registry or the manifest sent us"
            + (status == 403 || status == 404 ? " (an expired or missing blob there)" : "");
    if (status == 404) {
      return new NotFoundException(ErrorCode.UNKNOWN, message, false);
    }
    return new RegistryException(
        status,
        ErrorCode.UNKNOWN,
        message,
        RetryPolicy.parseRetryAfter(response.header("Retry-After")),
        false);
  }

  private static String describe(
      int status, ErrorCode code, String what, RegistryEndpoint endpoint) {
    return switch (code) {
      case NAME_UNKNOWN ->
          "repository of " + what + " does not exist on " + endpoint.registryHost();
      case MANIFEST_UNKNOWN ->
          what + " not found (no such tag or digest) on " + endpoint.registryHost();
      case BLOB_UNKNOWN -> what + " not found on " + endpoint.registryHost();
      case DENIED ->
          "access to " + what + " denied; check the IAM policy of the repository and the principal";
      case TAG_INVALID ->
          what
              + " refused (HTTP "
              + status
              + " TAG_INVALID): the tag most likely exists already and the repository's tags are"
              + " immutable (ECR ImageTagAlreadyExistsException); use a new tag";
      case TOOMANYREQUESTS ->
          what + " throttled by the registry (" + status + "), even after retries";
      case UNKNOWN ->
          status == 404
              ? notFoundWithoutRegistryError(what, endpoint)
              : what + " failed: HTTP " + status;
      default -> what + " failed: HTTP " + status + " " + code;
    };
  }

  /**
   * A 404 without a registry error body comes from the front door, not the registry: ECR answers so
   * when the Host header names no registry it knows.
   */
  private static String notFoundWithoutRegistryError(String what, RegistryEndpoint endpoint) {
    return what
        + " got HTTP 404 without a registry error, so the request never reached a registry; the Host header sent was "
        + endpoint.hostHeader()
        + ": check that the registry host is the ECR host "
        + endpoint.cname().host()
        + " points at";
  }

  private static @Nullable ErrorJson firstError(Response response) {
    BufferedSource source = response.body().source();
    try {
      source.request(MAX_ERROR_BODY); // buffers up to the limit, or to the end of a shorter body
      Buffer buffered = source.getBuffer();
      String text = buffered.clone().readUtf8(Math.min(buffered.size(), MAX_ERROR_BODY));
      ErrorsJson json = GSON.fromJson(text, ErrorsJson.class);
      return json == null || json.errors() == null || json.errors().isEmpty()
          ? null
          : json.errors().get(0);
    } catch (IOException | JsonParseException | IllegalStateException e) {
      return null;
    }
  }

  /** At most {@link #MAX_QUOTED} characters of {@code text}, marked when cut. */
  static String quoted(String text) {
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…(cut)";
  }
}
