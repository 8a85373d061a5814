package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import okhttp3.HttpUrl;

/**
 * Fuzzing of the tag pages' {@code Link} header (issue 21). The input's first line is the header;
 * the rest is a query, sent back in a well-formed link on the registry host. Whatever the header,
 * the next page is none or a URL, never on the registry host itself (it is moved onto the CNAME); a
 * well-formed link comes back on the CNAME with its path and query exactly as the registry encoded
 * them (the pagination token is opaque). Seeds in {@code LinkFuzzTestInputs/}.
 */
class LinkFuzzTest {
  private static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  private static final RegistryEndpoint ENDPOINT =
      new RegistryEndpoint(
          HttpUrl.get("https://docker-ecr.internal.example"), RegistryHost.parse(REGISTRY));
  private static final HttpUrl BASE =
      HttpUrl.get("https://docker-ecr.internal.example" + RegistryPaths.tags("app") + "?n=1000");
  private static final RegistryUrlRewriter REWRITER = new RegistryUrlRewriter(ENDPOINT);

  @FuzzTest
  void aLinkGivesTheNextPageOnTheCnameOrNone(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String header = newline < 0 ? text : text.substring(0, newline);
    String query = newline < 0 ? "" : text.substring(newline + 1);

    HttpUrl next = REWRITER.nextLink(BASE, header);
    if (next != null) {
      assertThat(next.scheme()).isIn("http", "https");
      assertThat(ENDPOINT.isRegistryHost(next)).as("moved off the registry host").isFalse();
    }

    HttpUrl served =
        HttpUrl.get("https://" + REGISTRY + RegistryPaths.tags("app"))
            .newBuilder()
            .query(query)
            .build();
    HttpUrl followed = REWRITER.nextLink(BASE, "<" + served + ">; rel=\"next\"");
    assertThat(followed).isNotNull();
    assertThat(ENDPOINT.isCname(followed)).isTrue();
    assertThat(followed.encodedPath()).isEqualTo(served.encodedPath());
    assertThat(followed.encodedQuery()).isEqualTo(served.encodedQuery());
  }
}
