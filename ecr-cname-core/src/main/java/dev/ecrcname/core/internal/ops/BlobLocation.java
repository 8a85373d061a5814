package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.internal.http.RedirectPolicy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * GET of a blob that stops at the registry's redirect and returns where it points (ECR's presigned
 * S3 URL), for a mirror that sends its client there. Only an absolute https URL off the registry
 * counts; a registry that serves the bytes itself answers empty (the body is left unread).
 */
public record BlobLocation(String repository, Digest digest)
    implements RegistryOperation<Optional<URI>> {
  @Override
  public String description() {
    return "location of blob " + digest + " of " + repository;
  }

  @Override
  public HttpUrl url(Routes routes) {
    return routes.blob(repository, digest);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Accept-Encoding", "identity");
  }

  @Override
  public Redirects redirects() {
    return Redirects.NEVER;
  }

  @Override
  public boolean isAnswer(int status) {
    return status == 200 || RedirectPolicy.isRedirect(status);
  }

  @Override
  public Optional<URI> read(Answer answer) {
    String location = answer.header("Location");
    if (answer.status() == 200 || location == null) {
      return Optional.empty();
    }
    HttpUrl url = HttpUrl.parse(location);
    if (url == null || !url.isHttps() || answer.isRegistry(url)) {
      return Optional.empty();
    }
    return Optional.of(url.uri());
  }
}
