package dev.ecrcname.core.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * ECR routes by the Host header, so every hop to the CNAME must carry the real registry host. This
 * is a network interceptor so that it sees each hop as sent: redirect hops to S3 keep their own
 * Host. OkHttp's HTTP/2 codec turns the Host header into {@code :authority}, so HTTP/2 is covered
 * by the same line.
 */
record HostRewriteInterceptor(RegistryEndpoint endpoint) implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!endpoint.isCname(request.url())) {
      return chain.proceed(request);
    }
    return chain.proceed(request.newBuilder().header("Host", endpoint.hostHeader()).build());
  }
}
