package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.internal.ops.BlobHead;
import dev.ecrcname.core.internal.ops.Mount;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import dev.ecrcname.core.internal.ops.UploadCancel;
import dev.ecrcname.core.internal.ops.UploadFinish;
import dev.ecrcname.core.internal.ops.UploadPatch;
import dev.ecrcname.core.internal.ops.UploadStart;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one blob the ECR-safe way: HEAD first, then an optional cross-repository mount, then
 * POST, ONE streamed PATCH with the whole blob, and PUT {@code ?digest=}. A failed attempt restarts
 * the whole sequence with a fresh upload session, under the caller's retry loop.
 */
public final class BlobUploader {
  private static final Logger LOG = LoggerFactory.getLogger(BlobUploader.class);
  private final RegistryCaller caller;

  public BlobUploader(RegistryCaller caller) {
    this.caller = caller;
  }

  /**
   * Makes sure the registry has {@code blob} in {@code repository}.
   *
   * @return true when bytes were uploaded, false when the registry already had the blob or mounted
   *     it
   */
  public boolean push(
      String repository,
      Descriptor blob,
      ImageSource.Content content,
      List<String> mountFrom,
      TransferListener l) {
    return send(repository, blob, content, mountFrom, l) == Outcome.UPLOADED;
  }

  /** What it took to make sure the registry has a blob. */
  public enum Outcome {
    /** A HEAD found it. */
    PRESENT,
    /** A cross-repository mount answered 201. */
    MOUNTED,
    /** Its bytes went up. */
    UPLOADED
  }

  /** Makes sure the registry has {@code blob} in {@code repository}, and says how. */
  public Outcome send(
      String repository,
      Descriptor blob,
      ImageSource.Content content,
      List<String> mountFrom,
      TransferListener l) {
    l.started(blob);
    if (exists(repository, blob)) {
      l.finished(blob, true);
      return Outcome.PRESENT;
    }
    AtomicLong reported =
        new AtomicLong(); // progress across attempts, so bytes sent again are not counted again
    String what = "upload of " + blob.digest() + " to " + repository;
    boolean uploaded =
        caller.retrying(
            what,
            () -> {
              Optional<HttpUrl> session = startSession(repository, blob, mountFrom);
              if (session.isEmpty()) {
                return false;
              }
              UploadBody body = new UploadBody(blob, content, l, reported);
              HttpUrl commit = caller.callOnce(new UploadPatch(session.get(), body, what));
              caller.callOnce(new UploadFinish(commit, blob.digest(), what));
              return true;
            });
    l.finished(blob, !uploaded);
    return uploaded ? Outcome.UPLOADED : Outcome.MOUNTED;
  }

  /** Whether the registry has the blob. */
  public boolean exists(String repository, Descriptor blob) {
    return caller.call(new BlobHead(repository, blob.digest()));
  }

  private void cancel(HttpUrl session) {
    try {
      caller.callOnce(new UploadCancel(session));
    } catch (EcrCnameException e) {
      LOG.debug("cancelling an upload session failed: {}", e.getMessage()); // it expires by itself
    }
  }

  /**
   * The upload session, or empty when a mount made the upload unnecessary. A mount answered 202
   * ("not mounted, upload it") opens a session; the last source's is used for the upload, earlier
   * ones are cancelled so that the next source can be tried.
   */
  private Optional<HttpUrl> startSession(
      String repository, Descriptor blob, List<String> mountFrom) {
    for (int i = 0; i < mountFrom.size(); i++) {
      Optional<HttpUrl> session =
          caller.callOnce(new Mount(repository, blob.digest(), mountFrom.get(i)));
      if (session.isEmpty() || i == mountFrom.size() - 1) {
        return session;
      }
      cancel(session.get());
    }
    return Optional.of(caller.callOnce(new UploadStart(repository, blob.digest())));
  }
}
