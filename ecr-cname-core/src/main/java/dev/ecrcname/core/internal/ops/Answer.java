package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.ContentException.Problem;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.TransportException;
import dev.ecrcname.core.internal.http.Redaction;
import dev.ecrcname.core.internal.http.RegistryEndpoint;
import dev.ecrcname.core.internal.http.RegistryUrlRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * A registry's answer as an operation reads it: status, headers and a body read within bounds. URLs
 * the registry hands out ({@code Location}, {@code Link}) are moved onto the CNAME and must stay
 * there: a session or a page on another host, or over plain http, would take a private layer or our
 * credentials elsewhere.
 */
public final class Answer {
  private final Response response;
  private final RegistryEndpoint endpoint;
  private final RegistryUrlRewriter rewriter;
  private final String what;
  private final Duration rateWindow;
  private final long minimumBytesPerSecond;

  Answer(
      Response response,
      RegistryEndpoint endpoint,
      RegistryUrlRewriter rewriter,
      String what,
      Duration rateWindow,
      long minimumBytesPerSecond) {
    this.response = response;
    this.endpoint = endpoint;
    this.rewriter = rewriter;
    this.what = what;
    this.rateWindow = rateWindow;
    this.minimumBytesPerSecond = minimumBytesPerSecond;
  }

  public int status() {
    return response.code();
  }

  public @Nullable String header(String name) {
    return response.header(name);
  }

  /** The URL that answered, after redirects. */
  public HttpUrl url() {
    return response.request().url();
  }

  /** The body as a stream, for blobs: it must keep the client's minimum transfer rate. */
  public InputStream stream() {
    return new MinimumRate(response.body().byteStream(), rateWindow, minimumBytesPerSecond);
  }

  /** Releases the connection; for answers a caller keeps open ({@link RegistryCaller#open}). */
  public void close() {
    response.close();
  }

  /** The whole body, refused when it declares or turns out to be longer than {@code max} bytes. */
  public byte[] bytes(long max) throws IOException {
    long declared = response.body().contentLength();
    if (declared > max) {
      throw tooLarge(max, " (it declares " + declared + " bytes)");
    }
    BufferedSource source = response.body().source();
    if (source.request(max + 1)) {
      throw tooLarge(max, "");
    }
    return source.getBuffer().readByteArray();
  }

  private ContentException tooLarge(long max, String detail) {
    String limit = max % (1024 * 1024) == 0 ? max / (1024 * 1024) + " MiB" : max + " bytes";
    return new ContentException(
        Problem.TOO_LARGE,
        what + " is larger than its limit of " + limit + detail + "; refusing to read it");
  }

  /**
   * {@code Docker-Content-Digest}, or null when absent; a malformed one is invalid content, not a
   * usage error.
   */
  public @Nullable Digest contentDigest() {
    String value = response.header("Docker-Content-Digest");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Digest.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new ContentException(
          Problem.INVALID,
          what + ": the registry sent a malformed Docker-Content-Digest: " + e.getMessage(),
          e);
    }
  }

  /** Whether {@code url} points at the registry itself (its CNAME or its real host). */
  public boolean isRegistry(HttpUrl url) {
    return endpoint.isCname(url) || endpoint.isRegistryHost(url);
  }

  /** The {@code Location} to continue at, on the CNAME. */
  public HttpUrl location() {
    String location = response.header("Location");
    HttpUrl url = location == null ? null : rewriter.rewrite(url(), location);
    if (url == null) {
      throw new TransportException(
          TransportException.Kind.REFUSED,
          what + ": the registry answered " + status() + " without a usable Location");
    }
    return onRegistry(url, "Location");
  }

  /** The next page from {@code Link}, on the CNAME; null on the last page. */
  public @Nullable HttpUrl nextLink() {
    HttpUrl next = rewriter.nextLink(url(), response.header("Link"));
    return next == null ? null : onRegistry(next, "Link");
  }

  private HttpUrl onRegistry(HttpUrl url, String header) {
    if (!endpoint.isCname(url)) {
      throw new TransportException(
          TransportException.Kind.REFUSED,
          what
              + ": refusing to follow a "
              + header
              + " to "
              + Redaction.url(url)
              + "; only the registry ("
              + endpoint.registryHost()
              + ") over "
              + endpoint.cname().scheme()
              + " is followed");
    }
    return url;
  }
}
