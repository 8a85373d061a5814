package dev.ecrcname.core.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.http.RegistryErrors;
import dev.ecrcname.core.http.RegistryTransport;
import dev.ecrcname.core.http.RegistryUrlRewriter;
import dev.ecrcname.core.http.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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
    for (int attempt = 1; ; attempt++) {
      try {
        HttpUrl session = startSession(repository, blob.digest(), mountFrom);
        if (session == null) {
          l.finished(blob, true);
          return false;
        }
        upload(repository, session, blob, content, l);
        l.finished(blob, false);
        return true;
      } catch (InterruptedIOException e) {
        Thread.currentThread().interrupt();
        throw new EcrCnameException("upload of " + blob.digest() + " interrupted", e);
      } catch (IOException | RegistryException e) {
        if (attempt >= retries.maxAttempts() || !retryable(e)) {
          throw e instanceof RegistryException r ? r : failure(repository, blob, (IOException) e);
        }
        LOG.info("upload of {} failed ({}); restarting its session, attempt {}", blob.digest(), e, attempt + 1);
        sleep(retries, attempt);
      }
    }
  }

  public boolean exists(String repository, Digest digest) {
    Request head = new Request.Builder().url(blobs(repository).addPathSegment(digest.toString()).build()).head()
        .build();
    try (Response response = transport.execute(head)) {
      if (response.code() == 404) {
        return false;
      }
      if (!response.isSuccessful()) {
        throw RegistryErrors.of(response, "HEAD of blob " + digest + " in " + repository, transport.endpoint());
      }
      return true;
    } catch (IOException e) {
      throw transport.failure("HEAD of blob " + digest + " in " + repository, head, e);
    }
  }

  /** The upload URL, or null when a mount made the upload unnecessary. */
  private HttpUrl startSession(String repository, Digest digest, List<String> mountFrom) throws IOException {
    for (String from : mountFrom) {
      HttpUrl mount = blobs(repository).addPathSegment("uploads").addPathSegment("")
          .addQueryParameter("mount", digest.toString()).addQueryParameter("from", from).build();
      try (Response response = transport.executeOnce(post(mount))) {
        if (response.code() == 201) {
          return null;
        }
        if (response.code() == 202) {
          // "Not mounted, upload it": the answer already opened a session, so use it (the spec allows this).
          return location(response, "mount of " + digest);
        }
        throw RegistryErrors.of(response, "mount of " + digest + " from " + from, transport.endpoint());
      }
    }
    HttpUrl start = blobs(repository).addPathSegment("uploads").addPathSegment("").build();
    try (Response response = transport.executeOnce(post(start))) {
      if (response.code() != 202) {
        throw RegistryErrors.of(response, "starting upload of " + digest + " to " + repository, transport.endpoint());
      }
      return location(response, "upload of " + digest);
    }
  }

  private void upload(String repository, HttpUrl session, Descriptor blob, ImageSource.Content content,
      TransferListener l) throws IOException {
    String what = "upload of " + blob.digest() + " to " + repository;
    Request patch = new Request.Builder().url(session).patch(new UploadBody(blob, content, l)).build();
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

  private static boolean retryable(Exception e) {
    return e instanceof IOException
        || (e instanceof RegistryException r && (RetryPolicy.isRetryable(r.status())
            || r.code() == RegistryException.ErrorCode.BLOB_UPLOAD_UNKNOWN));
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
