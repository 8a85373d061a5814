package dev.ecrcname.core.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.http.RedirectPolicy;
import dev.ecrcname.core.http.RegistryErrors;
import dev.ecrcname.core.http.RegistryTransport;
import dev.ecrcname.core.http.RegistryUrlRewriter;
import dev.ecrcname.core.http.RetryPolicy;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one blob the ECR-safe way: HEAD first, then an optional cross-repository mount, then POST, ONE streamed
 * PATCH with the whole blob, and PUT {@code ?digest=}. Never several PATCH chunks: ECR answers an intermediate PATCH
 * with 201 and silently drops later chunks (aws/containers-roadmap#2831). A failed attempt restarts with a fresh
 * upload session.
 */
public final class BlobUploader {
  private static final Logger LOG = LoggerFactory.getLogger(BlobUploader.class);
  private static final RequestBody EMPTY = RequestBody.create(new byte[0]);

  private final RegistryTransport transport;
  private final RegistryUrlRewriter rewriter;

  public BlobUploader(RegistryTransport transport) {
    this.transport = transport;
    this.rewriter = transport.urlRewriter();
  }

  /**
   * Makes sure the registry has {@code blob} in {@code repository}.
   *
   * @return true when bytes were uploaded, false when the registry already had the blob or mounted it
   */
  public boolean push(
      String repository, Descriptor blob, ImageSource.Content content, List<String> mountFrom, TransferListener l) {
    l.started(blob);
    if (exists(repository, blob.digest())) {
      l.finished(blob, true);
      return false;
    }
    RetryPolicy retries = transport.retries();
    AtomicLong reported = new AtomicLong(); // progress across attempts, so bytes sent again are not counted again
    for (int attempt = 1; ; attempt++) {
      try {
        HttpUrl session = startSession(repository, blob.digest(), mountFrom);
        if (session == null) {
          l.finished(blob, true);
          return false;
        }
        upload(repository, session, new UploadBody(blob, content, l, reported));
        l.finished(blob, false);
        return true;
      } catch (IOException | RegistryException e) {
        RuntimeException fatal = giveUp(e, attempt, repository, blob);
        if (fatal != null) {
          throw fatal;
        }
        LOG.info("upload of {} failed ({}); restarting its session, attempt {}", blob.digest(), e, attempt + 1);
        sleep(retries, attempt);
      }
    }
  }

  /** The exception to end the upload with, or null to restart its session and try again. */
  private @Nullable RuntimeException giveUp(Exception e, int attempt, String repository, Descriptor blob) {
    if (e instanceof IOException io && RetryPolicy.isInterrupt(io)) {
      Thread.currentThread().interrupt();
      return new EcrCnameException("upload of " + blob.digest() + " interrupted", e);
    }
    boolean passing = e instanceof IOException || retryable((RegistryException) e);
    if (passing && attempt < transport.retries().maxAttempts()) {
      return null;
    }
    return e instanceof RegistryException r ? r : failure(repository, blob, (IOException) e);
  }

  /** Whether the registry has the blob. ECR may answer a HEAD with a redirect to S3, which also means yes. */
  public boolean exists(String repository, Digest digest) {
    Request head = new Request.Builder().url(blobs(repository).addPathSegment(digest.toString()).build()).head()
        .build();
    try (Response response = transport.executeWithoutRedirects(head)) {
      if (response.code() == 404) {
        return false;
      }
      if (!response.isSuccessful() && !RedirectPolicy.isRedirect(response.code())) {
        throw RegistryErrors.of(response, "HEAD of blob " + digest + " in " + repository, transport.endpoint());
      }
      return true;
    } catch (IOException e) {
      throw transport.failure("HEAD of blob " + digest + " in " + repository, head, e);
    }
  }

  /**
   * The upload URL, or null when a mount made the upload unnecessary. A mount answered 202 ("not mounted, upload
   * it") opens a session; the last source's is used for the upload, earlier ones are cancelled so the next source can
   * be tried.
   */
  private @Nullable HttpUrl startSession(String repository, Digest digest, List<String> mountFrom)
      throws IOException {
    for (int i = 0; i < mountFrom.size(); i++) {
      HttpUrl mount = blobs(repository).addPathSegment("uploads").addPathSegment("")
          .addQueryParameter("mount", digest.toString()).addQueryParameter("from", mountFrom.get(i)).build();
      HttpUrl session;
      try (Response response = transport.executeOnce(post(mount))) {
        if (response.code() == 201) {
          return null;
        }
        if (response.code() != 202) {
          throw RegistryErrors.of(response, "mount of " + digest + " from " + mountFrom.get(i), transport.endpoint());
        }
        session = location(response, "mount of " + digest);
      }
      if (i == mountFrom.size() - 1) {
        return session;
      }
      cancel(session);
    }
    HttpUrl start = blobs(repository).addPathSegment("uploads").addPathSegment("").build();
    try (Response response = transport.executeOnce(post(start))) {
      if (response.code() != 202) {
        throw RegistryErrors.of(response, "starting upload of " + digest + " to " + repository, transport.endpoint());
      }
      return location(response, "upload of " + digest);
    }
  }

  private void upload(String repository, HttpUrl session, UploadBody body) throws IOException {
    Descriptor blob = body.blob();
    String what = "upload of " + blob.digest() + " to " + repository;
    Request patch = new Request.Builder().url(session).patch(body).build();
    HttpUrl commit;
    try (Response response = transport.executeOnce(patch)) {
      if (response.code() != 202) {
        throw RegistryErrors.of(response, what, transport.endpoint());
      }
      commit = location(response, what);
    }
    HttpUrl put = commit.newBuilder().addQueryParameter("digest", blob.digest().toString()).build();
    try (Response response = transport.executeOnce(new Request.Builder().url(put).put(EMPTY).build())) {
      if (response.code() != 201) {
        throw RegistryErrors.of(response, what, transport.endpoint());
      }
      String stored = response.header("Docker-Content-Digest");
      if (stored != null && !stored.isBlank() && !Digest.parse(stored.trim()).equals(blob.digest())) {
        throw new RegistryException(201, RegistryException.ErrorCode.DIGEST_INVALID,
            what + ": the registry stored " + stored.trim() + " instead");
      }
    }
  }

  /** Ends an upload session we will not use; a registry that keeps it anyway only expires it later. */
  private void cancel(HttpUrl session) {
    try (Response ignored = transport.executeOnce(new Request.Builder().url(session).delete().build())) {
      LOG.debug("cancelled upload session: {}", ignored.code());
    } catch (IOException e) {
      LOG.debug("cancelling an upload session failed: {}", e.toString());
    }
  }

  private HttpUrl location(Response response, String what) throws IOException {
    String location = response.header("Location");
    HttpUrl url = location == null ? null : rewriter.rewrite(response.request().url(), location);
    if (url == null) {
      throw new IOException(what + ": the registry answered " + response.code() + " without a usable Location");
    }
    return url;
  }

  private HttpUrl.Builder blobs(String repository) {
    return transport.endpoint().url().addPathSegment("v2").addPathSegments(repository).addPathSegment("blobs");
  }

  private static Request post(HttpUrl url) {
    return new Request.Builder().url(url).post(EMPTY).build();
  }

  private static boolean retryable(RegistryException e) {
    return RetryPolicy.isRetryable(e.status()) || e.code() == RegistryException.ErrorCode.BLOB_UPLOAD_UNKNOWN;
  }

  private EcrCnameException failure(String repository, Descriptor blob, IOException e) {
    return new EcrCnameException("upload of " + blob.digest() + " to " + repository + " failed: " + e, e);
  }

  private static void sleep(RetryPolicy retries, int attempt) {
    try {
      Thread.sleep(retries.delay(attempt, null).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EcrCnameException("upload interrupted", e);
    }
  }
}
