package dev.ecrcname.serve;

import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.RegistryClient;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The OCI referrers API, passed through: the registry's index for the subject digest (and the
 * client's {@code artifactType}), never cached, since a new referrer may be pushed any time. A
 * registry without the API answers 404, which the client takes as "use the referrers tag schema".
 * {@code OCI-Filters-Applied} is not sent: the mirror cannot tell whether the registry filtered,
 * and without it a client filters by itself.
 */
final class ReferrersHandler {
  private final RegistryClient client;
  private final Limits limits;

  ReferrersHandler(Settings settings, Limits limits) {
    this.client = settings.client();
    this.limits = limits;
  }

  void handle(V2Route route, Request request, Response response, Callback callback, boolean head) {
    ImageReference subject = route.image();
    if (!subject.byDigest()) {
      throw new IllegalArgumentException("referrers are asked for by digest, e.g. sha256:…");
    }
    String artifactType = Request.extractQueryParameters(request).getValue("artifactType");
    FetchedManifest index =
        limits.upstream("referrers", () -> client.passThrough().referrers(subject, artifactType));
    byte[] bytes = index.bytes();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, index.mediaType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
  }
}
