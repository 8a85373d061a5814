package dev.ecrcname.core.internal.http;

import dev.ecrcname.core.ProxyCredentials;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * Shapes the CONNECT request OkHttp sends to a proxy: our User-Agent on it, and Basic credentials
 * when the caller gave some. OkHttp asks before each tunnel with a made-up 407 whose challenge is
 * {@code OkHttp-Preemptive}, so the credentials go on the first CONNECT; a real 407 after them
 * means they were refused, and the call fails instead of looping.
 */
final class ProxyAuthenticator implements Authenticator {
  private static final String PREEMPTIVE = "OkHttp-Preemptive";

  private final @Nullable ProxyCredentials credentials;
  private final String userAgent;

  ProxyAuthenticator(@Nullable ProxyCredentials credentials, String userAgent) {
    this.credentials = credentials;
    this.userAgent = userAgent;
  }

  @Override
  public @Nullable Request authenticate(@Nullable Route route, Response response) {
    Request request = response.request();
    boolean preemptive = PREEMPTIVE.equalsIgnoreCase(response.header("Proxy-Authenticate"));
    if (credentials == null) {
      return preemptive ? request.newBuilder().header("User-Agent", userAgent).build() : null;
    }
    if (!preemptive && request.header("Proxy-Authorization") != null) {
      return null; // refused: one try, like curl
    }
    return request
        .newBuilder()
        .header("User-Agent", userAgent)
        .header(
            "Proxy-Authorization",
            Credentials.basic(credentials.username(), credentials.password()))
        .build();
  }
}
