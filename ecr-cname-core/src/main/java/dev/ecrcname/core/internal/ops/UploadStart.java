package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import okhttp3.HttpUrl;

/** POST that opens an upload session; the answer's Location is where the blob goes. */
public record UploadStart(String repository, Digest digest) implements Accepted {
  @Override
  public String description() {
    return "starting upload of " + digest + " to " + repository;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public HttpUrl url(Routes routes) {
    return routes.uploads(repository);
  }
}
