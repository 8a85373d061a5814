package dev.ecrcname.core.internal.http;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryCredentials;
import java.io.IOException;
import okhttp3.Credentials;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Answers ECR's Basic challenge on hops to the CNAME, and only there: a hop anywhere else (S3, a
 * foreign layer URL) leaves without Authorization, whatever the request carried. An application
 * interceptor, so it sees each hop of a redirect chain as its own call (redirects are followed by
 * {@link RedirectPolicy}, not by OkHttp).
 *
 * <p>A 401 gets one more try with fresh credentials: ECR tokens expire after 12 hours and may be
 * revoked. The provider is told which credentials were rejected, so parallel 401s of one expired
 * token cost one token fetch.
 */
record CredentialsInterceptor(RegistryEndpoint endpoint, CredentialsProvider credentials)
    implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!endpoint.isCname(request.url())) {
      return chain.proceed(request.newBuilder().removeHeader("Authorization").build());
    }
    RegistryCredentials used = credentials.credentials();
    Response response = chain.proceed(authorized(request, used));
    if (response.code() != 401 || used.isAnonymous()) {
      return response;
    }
    response.close();
    credentials.invalidate(used);
    return chain.proceed(authorized(request, credentials.credentials()));
  }

  private static Request authorized(Request request, RegistryCredentials c) {
    Request.Builder b = request.newBuilder();
    return c.isAnonymous()
        ? b.removeHeader("Authorization").build()
        : b.header("Authorization", Credentials.basic(c.username(), c.password())).build();
  }
}
