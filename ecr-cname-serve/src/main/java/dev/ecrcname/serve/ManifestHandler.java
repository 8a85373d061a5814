package dev.ecrcname.serve;

import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.RegistryClient;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Manifest GET and HEAD, by tag or digest: the client's Accept goes upstream (ECR converts by tag
 * for it), the bytes come back verified (by digest: against that digest), and the answer carries
 * {@code Docker-Content-Digest}, {@code Content-Type} and {@code Content-Length}. A HEAD is
 * answered from the same verified GET, whose manifest then serves the GET by digest that engines
 * send next.
 */
final class ManifestHandler {
  private final RegistryClient client;
  private final Limits limits;
  private final ManifestCache cache;

  ManifestHandler(Settings settings, Limits limits) {
    this.client = settings.client();
    this.limits = limits;
    this.cache =
        new ManifestCache(settings.manifestCacheBytes(), settings.tagTtl(), Clock.systemUTC());
  }

  void handle(V2Route route, Request request, Response response, Callback callback, boolean head) {
    ImageReference image = route.image();
    List<String> accept = accept(request);
    String key =
        image.byDigest()
            ? image.repository() + "@" + image.digest()
            : image.repository() + ":" + image.tag() + " " + String.join(",", accept);
    ServedManifest manifest = cache.get(key);
    if (manifest == null) {
      manifest =
          ServedManifest.of(
              limits.upstream("manifest", () -> client.passThrough().manifest(image, accept)));
      cache.put(image.repository(), image.byDigest() ? null : key, manifest);
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, manifest.mediaType());
    response.getHeaders().put("Docker-Content-Digest", manifest.digest().toString());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, manifest.bytes().length);
    response.getHeaders().put(HttpHeader.ETAG, "\"" + manifest.digest() + "\"");
    response.write(
        true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(manifest.bytes()), callback);
  }

  /** The media types the client accepts, without parameters; our full list when it names none. */
  static List<String> accept(Request request) {
    List<String> types = new ArrayList<>();
    for (String header : request.getHeaders().getValuesList(HttpHeader.ACCEPT)) {
      for (String part : header.split(",", -1)) {
        String type = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("*/*") && !types.contains(type)) {
          types.add(type);
        }
      }
    }
    return types.isEmpty() ? MediaTypes.ACCEPT : types;
  }
}
