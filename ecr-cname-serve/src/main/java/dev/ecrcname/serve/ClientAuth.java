package dev.ecrcname.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * A static client credential: {@code Authorization: Bearer <token>} (containerd sends it from a
 * {@code [host."…".header]} table) or Basic with the token as password (docker, podman and skopeo
 * send it after the challenge). Compared in constant time; neither value is ever logged. The
 * client's Authorization never goes upstream: the mirror's client has credentials of its own.
 */
final class ClientAuth extends Handler.Wrapper {
  private final byte[] token;

  private ClientAuth(byte[] token, Handler next) {
    super(next);
    this.token = token;
  }

  /** {@code next} behind the token check when one is configured, else {@code next} itself. */
  static Handler wrap(Settings settings, Handler next) {
    Path file = settings.authTokenFile();
    return file == null ? next : new ClientAuth(read(file), next);
  }

  private static byte[] read(Path file) {
    try {
      String first =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
      if (first.isBlank()) {
        throw new IllegalStateException("the auth token file " + file + " is empty");
      }
      return first.trim().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the auth token file " + file, e);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (MessageDigest.isEqual(
        token, presented(request.getHeaders().get(HttpHeader.AUTHORIZATION)))) {
      return super.handle(request, response, callback);
    }
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"ecr-cname serve\"");
    OciErrors.write(
        response,
        callback,
        new OciErrors.OciError(401, "UNAUTHORIZED", "this mirror needs its client token"));
    return true;
  }

  /** The token a header carries, or nothing. */
  private static byte[] presented(@Nullable String authorization) {
    if (authorization == null) {
      return new byte[0];
    }
    String value = authorization.trim();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return value.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    }
    if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? new byte[0] : pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new byte[0];
      }
    }
    return new byte[0];
  }
}
