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
 *
 * <p>OkHttp also calls a proxy authenticator for a 407 that the origin sends inside the tunnel
 * (issue 21, defect 3). Only the CONNECT is the proxy's: any other https request went through the
 * tunnel to the origin, which must never see the proxy's password. Plain http has no tunnel, so
 * there the proxy itself answers the request.
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
    if (!request.method().equals("CONNECT") && request.isHttps()) {
      return null; // the origin asked, from inside the tunnel: not the proxy's to answer
    }
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
