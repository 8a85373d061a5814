package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.DigestMismatchException;
import dev.ecrcname.core.ImageReference;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * PUT of a manifest under a tag or its digest; the registry's Docker-Content-Digest must be ours.
 */
public final class ManifestPut implements RegistryOperation<Digest> {
  private final ImageReference target;
  private final String mediaType;
  private final byte[] manifest;
  private final Digest digest;

  public ManifestPut(ImageReference target, String mediaType, byte[] manifest) {
    this.target = target;
    this.mediaType = mediaType;
    this.manifest = manifest.clone();
    this.digest = Digest.sha256(manifest);
  }

  @Override
  public String description() {
    return "pushing manifest " + target.nameAndReference();
  }

  @Override
  public String method() {
    return "PUT";
  }

  @Override
  public HttpUrl url(Routes routes) {
    return routes.manifest(target);
  }

  @Override
  public RequestBody body() {
    return RequestBody.create(manifest, MediaType.get(mediaType));
  }

  @Override
  public Digest read(Answer answer) {
    Digest stored = answer.contentDigest();
    if (stored != null && !stored.equals(digest)) {
      throw new DigestMismatchException(
          "pushed manifest " + target.nameAndReference() + " (Docker-Content-Digest)",
          digest,
          stored);
    }
    return digest;
  }
}
