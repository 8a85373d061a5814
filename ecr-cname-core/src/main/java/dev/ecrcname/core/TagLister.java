package dev.ecrcname.core;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.ecrcname.core.http.RegistryErrors;
import dev.ecrcname.core.http.RegistryTransport;
import dev.ecrcname.core.http.RegistryUrlRewriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Lists tags page by page. ECR pages by 100 by default and refuses {@code n > 1000}; the next page is only ever taken
 * from the {@code Link} header, because the {@code last} token is opaque (building it ourselves fails on ECR Public).
 */
final class TagLister {
  static final int PAGE_SIZE = 1000;
  /** A loop guard: a registry that links a page to itself would otherwise keep us forever. */
  private static final int MAX_PAGES = 100_000;

  /** A page of 1000 tags of 128 characters is about 130 KB; anything near this is not a tag list. */
  private static final long MAX_PAGE_BYTES = 16L * 1024 * 1024;

  private static final Gson GSON = new Gson();

  private record TagsJson(@Nullable String name, @Nullable List<String> tags) {}

  private final RegistryTransport transport;
  private final RegistryUrlRewriter rewriter;

  TagLister(RegistryTransport transport) {
    this.transport = transport;
    this.rewriter = transport.urlRewriter();
  }

  List<String> list(String repository) {
    HttpUrl next =
        transport.endpoint().url().addPathSegment("v2").addPathSegments(repository).addPathSegment("tags")
            .addPathSegment("list").addQueryParameter("n", Integer.toString(PAGE_SIZE)).build();
    List<String> tags = new ArrayList<>();
    for (int page = 0; next != null; page++) {
      if (page >= MAX_PAGES) {
        throw new EcrCnameException("tag list of " + repository + " does not end after " + MAX_PAGES + " pages");
      }
      next = page(repository, next, tags);
    }
    return tags;
  }

  private static byte[] readBounded(Response response) throws IOException {
    BufferedSource source = response.body().source();
    if (source.request(MAX_PAGE_BYTES + 1)) {
      throw new RegistryException(0, RegistryException.ErrorCode.SIZE_INVALID, "a tag page is over 16 MiB; refused");
    }
    return source.getBuffer().readByteArray();
  }

  private @Nullable HttpUrl page(String repository, HttpUrl url, List<String> into) {
    Request request = new Request.Builder().url(url).header("Accept", "application/json").build();
    try (Response response = transport.execute(request)) {
      if (!response.isSuccessful()) {
        throw RegistryErrors.of(response, "tag list of " + repository, transport.endpoint());
      }
      long declared = response.body().contentLength();
      if (declared > MAX_PAGE_BYTES) {
        throw new RegistryException(0, RegistryException.ErrorCode.SIZE_INVALID,
            "a tag page of " + repository + " declares " + declared + " bytes; pages over 16 MiB are refused");
      }
      TagsJson json = GSON.fromJson(new String(readBounded(response), StandardCharsets.UTF_8), TagsJson.class);
      if (json != null && json.tags() != null) {
        into.addAll(json.tags());
      }
      return rewriter.nextLink(url, response.header("Link"));
    } catch (JsonParseException e) {
      throw new RegistryException(
          0, RegistryException.ErrorCode.UNKNOWN, "tag list of " + repository + " is not valid JSON: " + e.getMessage());
    } catch (IOException e) {
      throw transport.failure("listing tags of " + repository, request, e);
    }
  }
}
