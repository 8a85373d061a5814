package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.TransportException;
import dev.ecrcname.core.internal.http.HttpClients;
import dev.ecrcname.core.internal.http.Redaction;
import dev.ecrcname.core.internal.http.RedirectPolicy;
import dev.ecrcname.core.internal.http.RefusedHopException;
import dev.ecrcname.core.internal.http.RegistryEndpoint;
import dev.ecrcname.core.internal.http.RegistryUrlRewriter;
import dev.ecrcname.core.internal.http.RetryPolicy;
import dev.ecrcname.core.internal.http.TransportFailures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one caller of the registry. It owns everything around a {@link RegistryOperation}: the URL on
 * the CNAME, redirects by {@link RedirectPolicy}, the one retry loop by {@link RetryPolicy}, error
 * mapping and typed transport failures. Credentials and the Host header are added per hop by the
 * OkHttp client's interceptors. Thread-safe.
 */
public final class RegistryCaller {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryCaller.class);
  private static final RequestBody EMPTY = RequestBody.create(new byte[0]);

  private final OkHttpClient http;

  /**
   * Blob bodies (layer GETs and upload PATCHes) go over HTTP/1.1 connections even where the
   * registry host offers HTTP/2, which stays for the many small calls. OkHttp's HTTP/2 moves a body
   * in 16 KiB frames through one reader thread per connection; on the real-file image that cost a
   * push more CPU and wall time than HTTP/1.1 (docs/benchmarks.md, "HTTP/2 or HTTP/1.1 for blob
   * bodies"). Same pool and dispatcher: only the connections differ.
   */
  private final OkHttpClient bodies;

  private final RegistryEndpoint endpoint;
  private final Routes routes;
  private final RegistryUrlRewriter rewriter;
  private final RedirectPolicy redirects;
  private final RetryPolicy retries;
  private final HttpClients.Settings limits;

  /**
   * Foreign layer URLs get one short try each: the registry is the fallback, so a blackholed URL
   * must not cost minutes (issue 12, defect 3).
   */
  private final OkHttpClient foreign;

  private static final Duration FOREIGN_TIMEOUT = Duration.ofSeconds(10);

  private volatile boolean closed;

  public RegistryCaller(
      OkHttpClient http,
      RegistryEndpoint endpoint,
      RetryPolicy retries,
      HttpClients.Settings limits) {
    this.http = http;
    this.bodies = http.newBuilder().protocols(List.of(Protocol.HTTP_1_1)).build();
    this.limits = limits;
    this.foreign =
        http.newBuilder()
            .connectTimeout(shorter(limits.connectTimeout(), FOREIGN_TIMEOUT))
            .readTimeout(shorter(limits.readTimeout(), FOREIGN_TIMEOUT))
            .build();
    this.endpoint = endpoint;
    this.routes = new Routes(endpoint.cname());
    this.rewriter = new RegistryUrlRewriter(endpoint);
    this.redirects = new RedirectPolicy(endpoint, RedirectPolicy.DEFAULT_MAX_REDIRECTS);
    this.retries = retries;
  }

  /**
   * Something that may be tried again as a whole: one call, or a sequence such as an upload
   * session.
   */
  @FunctionalInterface
  public interface Attempt<T> {
    T run();
  }

  public RegistryEndpoint endpoint() {
    return endpoint;
  }

  /** From now on, no call is tried again; calls cancelled by the close end as interrupted. */
  public void close() {
    closed = true;
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  /** Calls {@code operation}, trying again while the failure is one that can pass. */
  public <T> T call(RegistryOperation<T> operation) {
    return retrying(operation.description(), () -> callOnce(operation));
  }

  /**
   * The retry loop: runs {@code attempt} until it succeeds, fails for good, or the attempts run
   * out. Backoff and {@code Retry-After} come from the {@link RetryPolicy}.
   */
  public <T> T retrying(String what, Attempt<T> attempt) {
    for (int n = 1; ; n++) {
      try {
        return attempt.run();
      } catch (EcrCnameException e) {
        if (closed) {
          TransportException cancelled =
              new TransportException(
                  TransportException.Kind.INTERRUPTED,
                  what + " cancelled: the client was closed",
                  e);
          throw cancelled;
        }
        if (!RetryPolicy.isRetryable(e) || n >= retries.maxAttempts()) {
          throw e;
        }
        Duration delay = retries.delay(n, e);
        LOG.info(
            "{} failed ({}); retry {} of {} in {} ms",
            what,
            e.getMessage(),
            n,
            retries.maxAttempts() - 1,
            delay.toMillis());
        sleep(delay, what);
      }
    }
  }

  /**
   * Calls {@code operation} once: one request, its redirects, its answer read or mapped to an
   * exception.
   */
  public <T> T callOnce(RegistryOperation<T> operation) {
    HttpUrl url = operation.url(routes);
    Request request = request(operation, url);
    try (Response response = send(request, operation)) {
      if (!operation.isAnswer(response.code())) {
        throw RegistryErrors.of(response, operation.description(), endpoint);
      }
      return operation.read(answer(response, operation));
    } catch (IOException e) {
      throw TransportFailures.of(operation.description(), url, e, endpoint);
    }
  }

  /**
   * Calls {@code operation} and leaves its answer open: what {@code read} returns owns the response
   * and must close it. For bodies passed on as they arrive (a mirror's client), which cannot be
   * tried again once a byte has gone; failures before the answer is read are tried again as usual.
   */
  public <T> T open(RegistryOperation<T> operation) {
    return retrying(operation.description(), () -> openOnce(operation));
  }

  private <T> T openOnce(RegistryOperation<T> operation) {
    HttpUrl url = operation.url(routes);
    Response response = null;
    try {
      response = send(request(operation, url), operation);
      if (!operation.isAnswer(response.code())) {
        throw RegistryErrors.of(response, operation.description(), endpoint);
      }
      T result = operation.read(answer(response, operation));
      response = null; // the result owns it now
      return result;
    } catch (IOException e) {
      throw TransportFailures.of(operation.description(), url, e, endpoint);
    } finally {
      if (response != null) {
        response.close();
      }
    }
  }

  private Answer answer(Response response, RegistryOperation<?> operation) {
    return new Answer(
        response,
        endpoint,
        rewriter,
        operation.description(),
        limits.readTimeout(),
        limits.minimumBytesPerSecond());
  }

  private static Request request(RegistryOperation<?> operation, HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url);
    if (!operation.accept().isEmpty()) {
      b.header("Accept", String.join(", ", operation.accept()));
    }
    for (Map.Entry<String, String> h : operation.headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    String method = operation.method();
    RequestBody body = operation.body();
    boolean needsBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    return b.method(method, body != null ? body : needsBody ? EMPTY : null).build();
  }

  private Response send(Request request, RegistryOperation<?> operation) throws IOException {
    RegistryOperation.Redirects redirectsTo = operation.redirects();
    boolean followRedirects = redirectsTo != RegistryOperation.Redirects.NEVER;
    boolean onRegistry = endpoint.isCname(request.url());
    Request hop = request;
    for (int hops = 0; ; hops++) {
      Call call = (onRegistry ? operation.isTransfer() ? bodies : http : foreign).newCall(hop);
      if (!operation.isTransfer()) {
        // The whole call, body included: a server trickling a manifest must not hold us forever.
        call.timeout().timeout(limits.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      Response response = execute(call);
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} {} -> {}", hop.method(), Redaction.url(hop.url()), response.code());
      }
      if (!followRedirects || !RedirectPolicy.isRedirect(response.code())) {
        return response;
      }
      try (response) {
        if (hops >= redirects.maxRedirects()) {
          throw new RefusedHopException(
              "too many redirects (" + hops + ") from " + Redaction.url(request.url()));
        }
        hop = redirects.next(hop, response, redirectsTo == RegistryOperation.Redirects.ANYWHERE);
      }
    }
  }

  /**
   * OkHttp 5's fast-fallback connect lets the thread's {@link InterruptedException} out as it is
   * (Kotlin has no checked exceptions), past every typed failure; it becomes the {@link
   * InterruptedIOException} any other interrupt of a call is, with the interrupt flag kept.
   */
  private static Response execute(Call call) throws IOException {
    try {
      return call.execute();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted = new InterruptedIOException("interrupted");
        interrupted.initCause(e);
        throw interrupted;
      }
      throw e;
    }
  }

  private static void sleep(Duration delay, String what) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(TransportException.Kind.INTERRUPTED, what + " interrupted", e);
    }
  }
}
