package dev.ecrcname.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.TagPage;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code tags/list}: the client's {@code n} and {@code last} go upstream (re-encoded, nothing else
 * of the query), and the registry's {@code Link} comes back pointing at the mirror, relative, with
 * the registry's opaque {@code last} token.
 */
final class TagsHandler {
  private final RegistryClient client;
  private final Limits limits;

  TagsHandler(Settings settings, Limits limits) {
    this.client = settings.client();
    this.limits = limits;
  }

  void handle(V2Route route, Request request, Response response, Callback callback, boolean head) {
    Fields query = Request.extractQueryParameters(request);
    int n = pageSize(query.getValue("n"));
    String last = query.getValue("last");
    TagPage page =
        limits.upstream("tags", () -> client.passThrough().tagPage(route.name(), n, last));
    JsonObject json = new JsonObject();
    json.addProperty("name", route.name());
    JsonArray tags = new JsonArray();
    page.tags().forEach(tags::add);
    json.add("tags", tags);
    byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
    String next = page.nextLast();
    if (next != null) {
      response
          .getHeaders()
          .put(
              HttpHeader.LINK,
              "</v2/"
                  + route.name()
                  + "/tags/list?"
                  + (n > 0 ? "n=" + n + "&" : "")
                  + "last="
                  + URLEncoder.encode(next, StandardCharsets.UTF_8)
                  + ">; rel=\"next\"");
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
  }

  private static int pageSize(String n) {
    if (n == null) {
      return 0;
    }
    try {
      int value = Integer.parseInt(n.trim());
      if (value < 1) {
        throw new IllegalArgumentException("n must be a positive page size, e.g. n=100");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("n must be a positive page size, e.g. n=100", e);
    }
  }
}
