package dev.ecrcname.core.internal.ops;

import okhttp3.HttpUrl;
import okhttp3.RequestBody;

/**
 * The one streamed PATCH with the whole blob. Never several chunks: ECR answers an intermediate
 * PATCH with 201 and silently drops later chunks (aws/containers-roadmap#2831).
 */
public record UploadPatch(HttpUrl session, RequestBody blob, String description)
    implements SessionStep<HttpUrl>, Accepted {

  @Override
  public String method() {
    return "PATCH";
  }

  @Override
  public RequestBody body() {
    return blob;
  }

  @Override
  public boolean isTransfer() {
    return true;
  }
}
