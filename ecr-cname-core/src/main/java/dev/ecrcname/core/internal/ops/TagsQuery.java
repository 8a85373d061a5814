package dev.ecrcname.core.internal.ops;

import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@code tags/list} as a mirror's client asks for it: its own {@code n} and the opaque
 * {@code last} token from the {@code Link} of the page before.
 *
 * @param pageSize {@code n}, or 0 for the registry's default
 * @param last the token, or null for the first page
 */
public record TagsQuery(String repository, int pageSize, @Nullable String last)
    implements RegistryOperation<TagsPage.Page> {
  @Override
  public String description() {
    return "tag list of " + repository;
  }

  @Override
  public HttpUrl url(Routes routes) {
    return routes.tags(repository, pageSize, last);
  }

  @Override
  public java.util.List<String> accept() {
    return java.util.List.of("application/json");
  }

  @Override
  public TagsPage.Page read(Answer answer) throws java.io.IOException {
    return TagsPage.parse(answer, description());
  }
}
