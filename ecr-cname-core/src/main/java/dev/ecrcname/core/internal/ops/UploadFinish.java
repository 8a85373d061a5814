package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.DigestMismatchException;
import okhttp3.HttpUrl;

/**
 * PUT {@code ?digest=} that closes an upload session; the registry must store the digest we sent.
 */
public record UploadFinish(HttpUrl session, Digest digest, String description)
    implements SessionStep<Digest> {

  @Override
  public String method() {
    return "PUT";
  }

  @Override
  public HttpUrl url(Routes routes) {
    return session().newBuilder().addQueryParameter("digest", digest.toString()).build();
  }

  @Override
  public boolean isAnswer(int status) {
    return status == 201;
  }

  @Override
  public Digest read(Answer answer) {
    Digest stored = answer.contentDigest();
    if (stored != null && !stored.equals(digest)) {
      throw new DigestMismatchException(description + " (Docker-Content-Digest)", digest, stored);
    }
    return digest;
  }
}
