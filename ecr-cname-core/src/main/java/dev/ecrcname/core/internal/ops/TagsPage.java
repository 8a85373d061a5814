package dev.ecrcname.core.internal.ops;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.internal.manifest.JsonErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@code tags/list}. ECR pages by 100 by default and refuses {@code n > 1000}; the next
 * page is only ever taken from the {@code Link} header, because the {@code last} token is opaque
 * (building it ourselves fails on ECR Public).
 */
public record TagsPage(String repository, @Nullable HttpUrl page)
    implements RegistryOperation<TagsPage.Page> {
  public static final int PAGE_SIZE = 1000;

  /**
   * A page of 1000 tags of 128 characters is about 130 KB; anything near this is not a tag list.
   */
  private static final long MAX_PAGE_BYTES = 16L * 1024 * 1024;

  private static final Gson GSON = new Gson();

  /**
   * The tags of one page, the next page's URL on the CNAME (null after the last), and the size of
   * the page's body, which the lister adds up against its total limit.
   */
  public record Page(List<String> tags, @Nullable HttpUrl next, long bytes) {}

  private record TagsJson(@Nullable String name, @Nullable List<String> tags) {}

  @Override
  public String description() {
    return "tag list of " + repository;
  }

  @Override
  public HttpUrl url(Routes routes) {
    return page != null ? page : routes.tags(repository, PAGE_SIZE);
  }

  @Override
  public List<String> accept() {
    return List.of("application/json");
  }

  @Override
  public Page read(Answer answer) throws IOException {
    return parse(answer, description());
  }

  /** The tags of a tag list answer, and its next page. */
  static Page parse(Answer answer, String description) throws IOException {
    byte[] body = answer.bytes(MAX_PAGE_BYTES);
    TagsJson json;
    try {
      json = GSON.fromJson(new String(body, StandardCharsets.UTF_8), TagsJson.class);
    } catch (JsonParseException e) {
      throw new ContentException(
          ContentException.Problem.INVALID,
          description + " is not valid JSON: " + JsonErrors.reason(e),
          e);
    }
    List<String> tags =
        json == null || json.tags() == null
            ? List.of()
            : json.tags().stream().filter(Objects::nonNull).toList();
    return new Page(tags, answer.nextLink(), body.length);
  }
}
