package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import okhttp3.HttpUrl;

/**
 * DELETE of a manifest, by digest only as the spec requires; every tag on that digest goes with it.
 */
public record ManifestDelete(String repository, Digest digest)
    implements RegistryOperation<Digest> {
  @Override
  public String description() {
    return "deleting manifest " + repository + "@" + digest;
  }

  @Override
  public String method() {
    return "DELETE";
  }

  @Override
  public HttpUrl url(Routes routes) {
    return routes.manifest(repository, digest.toString());
  }

  @Override
  public Digest read(Answer answer) {
    return digest;
  }
}
