package dev.ecrcname.core.internal.ops;

import okhttp3.HttpUrl;

/**
 * DELETE of an upload session we will not use; a registry that keeps it anyway only expires it
 * later.
 */
public record UploadCancel(HttpUrl session) implements SessionStep<Integer> {
  @Override
  public String description() {
    return "cancelling an upload session";
  }

  @Override
  public String method() {
    return "DELETE";
  }

  @Override
  public boolean isAnswer(int status) {
    return true;
  }

  @Override
  public Integer read(Answer answer) {
    return answer.status();
  }
}
