package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The Distribution API's routes on the CNAME, and the only place that builds {@code /v2/} URLs.
 * Repositories, references and digests are validated before they get here (ImageReference, Digest),
 * so no path can be injected.
 */
public final class Routes {
  private final HttpUrl base;

  Routes(HttpUrl cname) {
    this.base = cname.newBuilder().encodedPath("/").build();
  }

  private HttpUrl.Builder repository(String repository) {
    return base.newBuilder().addPathSegment("v2").addPathSegments(repository);
  }

  /** {@code /v2/<name>/manifests/<reference>}. */
  public HttpUrl manifest(String repository, String reference) {
    return repository(repository).addPathSegment("manifests").addPathSegment(reference).build();
  }

  /** {@code /v2/<name>/manifests/<tag or digest>} of an image reference. */
  public HttpUrl manifest(ImageReference image) {
    return manifest(image.repository(), image.reference());
  }

  /** {@code /v2/<name>/blobs/<digest>}. */
  public HttpUrl blob(String repository, Digest digest) {
    return repository(repository).addPathSegment("blobs").addPathSegment(digest.toString()).build();
  }

  /** {@code /v2/<name>/blobs/uploads/}, where an upload session starts. */
  public HttpUrl uploads(String repository) {
    return repository(repository)
        .addPathSegment("blobs")
        .addPathSegment("uploads")
        .addPathSegment("")
        .build();
  }

  /** {@code /v2/<name>/blobs/uploads/?mount=<digest>&from=<other>}, a cross-repository mount. */
  public HttpUrl mount(String repository, Digest digest, String from) {
    return uploads(repository)
        .newBuilder()
        .addQueryParameter("mount", digest.toString())
        .addQueryParameter("from", from)
        .build();
  }

  /**
   * {@code /v2/<name>/tags/list?n=<pageSize>}, the first page; later pages come from {@code Link}.
   */
  public HttpUrl tags(String repository, int pageSize) {
    return repository(repository)
        .addPathSegment("tags")
        .addPathSegment("list")
        .addQueryParameter("n", Integer.toString(pageSize))
        .build();
  }

  /**
   * {@code /v2/<name>/tags/list} with a client's own {@code n} (0 leaves the registry's default)
   * and {@code last} (the opaque token of a {@code Link} the registry sent), each encoded here.
   */
  public HttpUrl tags(String repository, int pageSize, @Nullable String last) {
    HttpUrl.Builder b = repository(repository).addPathSegment("tags").addPathSegment("list");
    if (pageSize > 0) {
      b.addQueryParameter("n", Integer.toString(pageSize));
    }
    if (last != null) {
      b.addQueryParameter("last", last);
    }
    return b.build();
  }
}
