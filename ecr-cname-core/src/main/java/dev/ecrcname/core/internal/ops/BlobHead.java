package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.internal.http.RedirectPolicy;
import okhttp3.HttpUrl;

/**
 * HEAD of a blob: whether the registry has it. ECR may answer with a redirect to S3, which also
 * means yes; the redirect is not followed, since S3 presigned that URL for GET.
 */
public record BlobHead(String repository, Digest digest) implements RegistryOperation<Boolean> {
  @Override
  public String description() {
    return "HEAD of blob " + digest + " in " + repository;
  }

  @Override
  public String method() {
    return "HEAD";
  }

  @Override
  public HttpUrl url(Routes routes) {
    return routes.blob(repository, digest);
  }

  @Override
  public Redirects redirects() {
    return Redirects.NEVER;
  }

  @Override
  public boolean isAnswer(int status) {
    return status == 404 || (status >= 200 && status < 300) || RedirectPolicy.isRedirect(status);
  }

  @Override
  public Boolean read(Answer answer) {
    return answer.status() != 404;
  }
}
