package dev.ecrcname.core.internal.ops;

import okhttp3.HttpUrl;
import okhttp3.RequestBody;

/**
 * The one streamed PATCH with the whole blob. Never several chunks: ECR answers an intermediate
 * PATCH with 201 and silently drops later chunks (aws/containers-roadmap#2831).
 */
public final class UploadPatch implements RegistryOperation<HttpUrl> {
  private final HttpUrl session;
  private final RequestBody blob;
  private final String what;

  public UploadPatch(HttpUrl session, RequestBody blob, String what) {
    this.session = session;
    this.blob = blob;
    this.what = what;
  }

  @Override
  public String description() {
    return what;
  }

  @Override
  public String method() {
    return "PATCH";
  }

  @Override
  public HttpUrl url(Routes routes) {
    return session;
  }

  @Override
  public RequestBody body() {
    return blob;
  }

  @Override
  public boolean isTransfer() {
    return true;
  }

  @Override
  public boolean isAnswer(int status) {
    return status == 202;
  }

  /** Where the session continues: the URL to PUT to. */
  @Override
  public HttpUrl read(Answer answer) {
    return answer.location();
  }
}
