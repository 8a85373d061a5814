package dev.ecrcname.core.http;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryCredentials;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.time.Duration;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one logical request: answers the registry's Basic challenge, follows redirects by {@link RedirectPolicy} and
 * retries by {@link RetryPolicy}. Credentials go only to the CNAME endpoint. Thread-safe.
 */
public final class RegistryTransport {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);

  private final OkHttpClient http;
  private final RegistryEndpoint endpoint;
  private final CredentialsProvider credentials;
  private final boolean anonymous;
  private final RegistryUrlRewriter rewriter;
  private final RedirectPolicy redirects;
  private final RetryPolicy retries;

  public RegistryTransport(
      OkHttpClient http,
      RegistryEndpoint endpoint,
      CredentialsProvider credentials,
      boolean anonymous,
      RetryPolicy retries) {
    this.http = http;
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.anonymous = anonymous;
    this.rewriter = new RegistryUrlRewriter(endpoint);
    this.redirects = new RedirectPolicy(rewriter, RedirectPolicy.DEFAULT_MAX_REDIRECTS);
    this.retries = retries;
  }

  public RegistryEndpoint endpoint() {
    return endpoint;
  }

  public RetryPolicy retries() {
    return retries;
  }

  public RegistryUrlRewriter urlRewriter() {
    return rewriter;
  }

  /**
   * Executes {@code request}, retrying transient failures. The caller closes the response. Non-2xx answers that are
   * not retried are returned as they are; turning them into exceptions is the caller's business, since a 404 on a
   * HEAD is an answer, not an error.
   */
  public Response execute(Request request) throws IOException {
    return retrying(request, true);
  }

  /**
   * Like {@link #execute}, but a redirect is returned, not followed: a blob HEAD that ECR answers with a redirect
   * already says "exists", and a HEAD must not go to a URL that S3 presigned for GET.
   */
  public Response executeWithoutRedirects(Request request) throws IOException {
    return retrying(request, false);
  }

  /** Like {@link #execute} with a single attempt, for steps whose caller retries a larger unit (an upload). */
  public Response executeOnce(Request request) throws IOException {
    return followRedirects(request);
  }

  private Response retrying(Request request, boolean followRedirects) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = followRedirects ? followRedirects(request) : authenticated(request);
      } catch (IOException e) {
        if (RetryPolicy.isInterrupt(e) || attempt >= retries.maxAttempts()) {
          throw e;
        }
        pause(request, attempt, null, e.toString());
        continue;
      }
      if (!RetryPolicy.isRetryable(response.code()) || attempt >= retries.maxAttempts()) {
        return response;
      }
      String retryAfter = response.header("Retry-After");
      int code = response.code();
      response.close();
      pause(request, attempt, retryAfter, "HTTP " + code);
    }
  }

  private Response followRedirects(Request request) throws IOException {
    Request hop = request;
    for (int hops = 0; ; hops++) {
      Response response = authenticated(hop);
      if (!RedirectPolicy.isRedirect(response.code())) {
        return response;
      }
      try (response) {
        if (hops >= redirects.maxRedirects()) {
          throw new ProtocolException(
              "too many redirects (" + hops + ") from " + RedirectPolicy.redact(request.url()));
        }
        hop = redirects.next(hop, response);
      }
    }
  }

  private Response authenticated(Request request) throws IOException {
    if (anonymous || !endpoint.isCname(request.url())) {
      return send(request.newBuilder().removeHeader("Authorization").build());
    }
    RegistryCredentials used = credentials.credentials();
    Response response = send(withCredentials(request, used));
    if (response.code() != 401) {
      return response;
    }
    response.close();
    // ECR tokens expire after 12 hours and may be revoked; one fresh token is worth one more try.
    credentials.invalidate(used);
    Response again = send(withCredentials(request, credentials.credentials()));
    if (again.code() != 401) {
      return again;
    }
    String challenge = again.header("WWW-Authenticate", "none");
    again.close();
    throw new RegistryAuthenticationException(
        "the registry rejected the credentials for "
            + request.method()
            + " "
            + RedirectPolicy.redact(request.url())
            + " (Host sent: "
            + endpoint.hostHeader()
            + ", challenge: "
            + challenge
            + "); check that the registry host is the ECR host the CNAME points at and that the credentials"
            + " are valid for it");
  }

  private static Request withCredentials(Request request, RegistryCredentials c) {
    return request.newBuilder().header("Authorization", Credentials.basic(c.username(), c.password())).build();
  }

  private Response send(Request request) throws IOException {
    Response response = http.newCall(request).execute();
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {}", request.method(), RedirectPolicy.redact(request.url()), response.code());
    }
    return response;
  }

  private void pause(Request request, int attempt, @Nullable String retryAfter, String reason) throws IOException {
    Duration delay = retries.delay(attempt, retryAfter);
    LOG.info(
        "{} {} failed ({}); retry {} of {} in {} ms",
        request.method(),
        RedirectPolicy.redact(request.url()),
        reason,
        attempt,
        retries.maxAttempts() - 1,
        delay.toMillis());
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  /**
   * Wraps an I/O failure with the request it belongs to, redacted. A certificate that fails the name check on the
   * CNAME was checked against the registry host, not the name in the URL, so the message says which name that was.
   */
  public EcrCnameException failure(String what, Request request, IOException cause) {
    String url = RedirectPolicy.redact(request.url());
    if (cause instanceof SSLPeerUnverifiedException && endpoint.isCname(request.url())) {
      return new EcrCnameException(
          what
              + " failed: the TLS certificate of "
              + endpoint.cname().host()
              + " does not name the registry host "
              + endpoint.registryHost()
              + ", which it was checked against; set the registry host to the ECR host the CNAME points at ("
              + cause.getMessage()
              + ")",
          cause);
    }
    return new EcrCnameException(what + " failed: " + url + ": " + cause, cause);
  }
}
