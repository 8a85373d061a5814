package dev.ecrcname.core.internal.ops;

import okhttp3.HttpUrl;

/**
 * A step the registry answers {@code 202 Accepted}, with the {@code Location} where the upload goes
 * on.
 */
interface Accepted extends RegistryOperation<HttpUrl> {

  @Override
  default boolean isAnswer(int status) {
    return status == 202;
  }

  @Override
  default HttpUrl read(Answer answer) {
    return answer.location();
  }
}
