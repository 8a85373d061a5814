package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import dev.ecrcname.core.internal.ops.TagsPage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Lists tags page by page, following {@code Link} (see {@link TagsPage}), with guards against a
 * registry that never ends the list (issue 21, defect 7): a {@code Link} to a page read before, or
 * a page that adds no new tag, is a loop; and the list as a whole is capped in bytes and in tags,
 * so that chained large pages end in a {@link ContentException}, not in an OutOfMemoryError under
 * the launcher's 256 MiB heap.
 */
final class TagLister {
  /**
   * 250 pages of 1000 tags of 128 characters (the longest tag the distribution spec allows); ECR's
   * default quota is 20,000 images a repository. Peak memory stays near twice this plus one page.
   */
  static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;

  /** 25 times ECR's default quota of images a repository; short tags reach it before the bytes. */
  static final int MAX_TAGS = 500_000;

  private final RegistryCaller caller;

  TagLister(RegistryCaller caller) {
    this.caller = caller;
  }

  List<String> list(String repository) {
    List<String> tags = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<HttpUrl> pages = new HashSet<>();
    long bytes = 0;
    @Nullable HttpUrl next = null;
    do {
      TagsPage.Page got = caller.call(new TagsPage(repository, next));
      bytes += got.bytes();
      if (bytes > MAX_TOTAL_BYTES) {
        throw tooLarge(repository, "is larger than " + MAX_TOTAL_BYTES / (1024 * 1024) + " MiB");
      }
      boolean added = false;
      for (String tag : got.tags()) {
        if (seen.add(tag)) {
          tags.add(tag);
          added = true;
        }
      }
      if (tags.size() > MAX_TAGS) {
        throw tooLarge(repository, "has more than " + MAX_TAGS + " tags");
      }
      next = got.next();
      if (next != null && (!added || !pages.add(next))) {
        throw new ContentException(
            ContentException.Problem.INVALID,
            "tag list of "
                + repository
                + " loops: "
                + (added ? "its Link names a page already read" : "a page with a Link added no tag")
                + "; after "
                + tags.size()
                + " tags the registry does not end the list");
      }
    } while (next != null);
    return tags;
  }

  private static ContentException tooLarge(String repository, String what) {
    return new ContentException(
        ContentException.Problem.TOO_LARGE,
        "tag list of " + repository + " " + what + "; refusing to read more");
  }
}
