package dev.ecrcname.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a repository's tags, from {@link PassThrough#tagPage}.
 *
 * @param tags the tags of this page, in the registry's order
 * @param nextLast the opaque {@code last} token of the next page (from the registry's {@code
 *     Link}), or null on the last page
 */
public record TagPage(List<String> tags, @Nullable String nextLast) {
  /**
   * Copies the tags.
   *
   * @param tags the tags
   * @param nextLast the next page's token, or null
   */
  public TagPage {
    tags = List.copyOf(tags);
  }
}
