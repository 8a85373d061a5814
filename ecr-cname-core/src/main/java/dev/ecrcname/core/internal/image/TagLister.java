package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import dev.ecrcname.core.internal.ops.TagsPage;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Lists tags page by page, following {@code Link} (see {@link TagsPage}). */
final class TagLister {
  /** A loop guard: a registry that links a page to itself would otherwise keep us forever. */
  private static final int MAX_PAGES = 100_000;

  private final RegistryCaller caller;

  TagLister(RegistryCaller caller) {
    this.caller = caller;
  }

  List<String> list(String repository) {
    List<String> tags = new ArrayList<>();
    @Nullable HttpUrl next = null;
    for (int page = 0; page == 0 || next != null; page++) {
      if (page >= MAX_PAGES) {
        throw new ContentException(
            ContentException.Problem.TOO_LARGE,
            "tag list of " + repository + " does not end after " + MAX_PAGES + " pages");
      }
      TagsPage.Page got = caller.call(new TagsPage(repository, next));
      tags.addAll(got.tags());
      next = got.next();
    }
    return tags;
  }
}
