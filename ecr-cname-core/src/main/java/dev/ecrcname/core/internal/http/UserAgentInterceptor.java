package dev.ecrcname.core.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Puts {@link UserAgent}'s value on every hop, the S3 redirects included. A network interceptor, so
 * that it runs after OkHttp's own default ({@code okhttp/…}) and replaces it.
 */
final class UserAgentInterceptor implements Interceptor {
  private final String userAgent;

  UserAgentInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }
}
