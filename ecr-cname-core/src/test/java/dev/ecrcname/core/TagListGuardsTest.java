package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.MockResponse;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry whose tag list never ends (issue 21, defect 7): a Link back to a page, a page that
 * adds nothing, or large pages chained without end. Each ends in a ContentException after a few
 * pages. The timeout is a hang guard only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TagListGuardsTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;
  final AtomicInteger pages = new AtomicInteger();

  /**
   * Answers app/many's tag pages: page {@code n} (from 1) with {@code tags(n)} and {@code link}.
   */
  void serve(IntFunction<String> tags, IntFunction<String> link) {
    registry.override(
        RegistryPaths.tags("app/many"),
        r -> {
          int n = pages.incrementAndGet();
          return new MockResponse.Builder()
              .body("{\"name\":\"app/many\",\"tags\":[" + tags.apply(n) + "]}")
              .setHeader(
                  "Link",
                  "<"
                      + RegistryPaths.tags("app/many")
                      + "?last="
                      + link.apply(n)
                      + ">; rel=\"next\"")
              .build();
        });
  }

  /** {@code count} distinct quoted tags of page {@code n}, each {@code width} characters long. */
  static String distinct(int n, int count, int width) {
    StringBuilder json = new StringBuilder(count * (width + 3));
    for (int i = 0; i < count; i++) {
      String tag = "p" + n + "-" + i;
      json.append(i == 0 ? "\"" : ",\"").append(tag).append("x".repeat(width - tag.length()));
      json.append('"');
    }
    return json.toString();
  }

  AbstractThrowableAssert<?, ? extends Throwable> listTags(ContentException.Problem problem) {
    return Failures.thrownBy(TestClients.fake(registry, cache).build(), c -> c.listTags("app/many"))
        .satisfies(Failures.content(problem));
  }

  @Test
  void aLinkToAPageReadBeforeEndsTheListAsALoop() {
    serve(n -> "\"t" + n + "\"", n -> "same");

    listTags(ContentException.Problem.INVALID)
        .hasMessageContaining("tag list of app/many loops")
        .hasMessageContaining("already read");
    assertThat(pages).hasValue(2);
  }

  @Test
  void aPageThatAddsNoNewTagEndsTheListAsALoop() {
    serve(n -> "\"a\",\"b\"", n -> "page" + n);

    listTags(ContentException.Problem.INVALID)
        .hasMessageContaining("tag list of app/many loops")
        .hasMessageContaining("added no tag");
    assertThat(pages).hasValue(2);
  }

  /** 15 MiB pages ended in OutOfMemoryError under the launcher's 256 MiB heap. */
  @Test
  void chainedLargePagesEndAtTheTotalByteLimit() {
    serve(n -> distinct(n, 120_000, 128), n -> "page" + n);

    listTags(ContentException.Problem.TOO_LARGE)
        .hasMessageContaining("tag list of app/many is larger than 32 MiB");
    assertThat(pages).hasValue(3);
  }

  @Test
  void moreTagsThanTheLimitAreRefused() {
    serve(n -> distinct(n, 100_000, 10), n -> "page" + n);

    listTags(ContentException.Problem.TOO_LARGE)
        .hasMessageContaining("tag list of app/many has more than 500000 tags");
    assertThat(pages).hasValue(6);
  }
}
