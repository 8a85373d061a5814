package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * A cross-repository mount. 201 means mounted; 202 means "not mounted, upload it" and opens a
 * session, which is what ECR answers unless the account enabled BLOB_MOUNTING and the blob is
 * referenced in the same account and region.
 */
public record Mount(String repository, Digest digest, String from)
    implements RegistryOperation<Optional<HttpUrl>> {
  @Override
  public String description() {
    return "mount of " + digest + " from " + from + " into " + repository;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public HttpUrl url(Routes routes) {
    return routes.mount(repository, digest, from);
  }

  @Override
  public boolean isAnswer(int status) {
    return status == 201 || status == 202;
  }

  /** Empty when mounted; otherwise the session to upload to. */
  @Override
  public Optional<HttpUrl> read(Answer answer) {
    return answer.status() == 201 ? Optional.empty() : Optional.of(answer.location());
  }
}
