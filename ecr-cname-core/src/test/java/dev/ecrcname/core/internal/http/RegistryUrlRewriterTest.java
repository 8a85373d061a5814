package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.testing.RegistryPaths;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RegistryUrlRewriterTest {
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  final RegistryEndpoint endpoint =
      new RegistryEndpoint(
          HttpUrl.get("https://docker-ecr.internal.example"), RegistryHost.parse(REGISTRY));
  final RegistryUrlRewriter rewriter = new RegistryUrlRewriter(endpoint);
  final HttpUrl base =
      HttpUrl.get("https://docker-ecr.internal.example" + RegistryPaths.tags("app") + "?n=1000");

  @Test
  void absoluteUrlOnRegistryHostMovesToCname() {
    HttpUrl url =
        rewriter.rewrite(
            base,
            "https://" + REGISTRY + RegistryPaths.upload("app", "7d1c") + "?_state=a%2Bb%3D&x=1");
    assertThat(url.toString())
        .isEqualTo(
            "https://docker-ecr.internal.example"
                + RegistryPaths.upload("app", "7d1c")
                + "?_state=a%2Bb%3D&x=1");
  }

  @Test
  void registryHostWithPortMovesToCnamePort() {
    RegistryEndpoint local =
        new RegistryEndpoint(
            HttpUrl.get("https://docker-ecr.internal.example:8443"), RegistryHost.parse(REGISTRY));
    HttpUrl url =
        new RegistryUrlRewriter(local)
            .rewrite(base, "https://" + REGISTRY + ":8443" + RegistryPaths.tags("app"));
    assertThat(url.toString())
        .isEqualTo("https://docker-ecr.internal.example:8443" + RegistryPaths.tags("app"));
  }

  @Test
  void relativeUrlResolvesAgainstRequest() {
    assertThat(rewriter.rewrite(base, RegistryPaths.tags("app") + "?last=abc").toString())
        .isEqualTo("https://docker-ecr.internal.example" + RegistryPaths.tags("app") + "?last=abc");
  }

  @Test
  void otherHostsAreLeftAlone() {
    String s3 =
        "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/x?X-Amz-Signature=ab%2F";
    assertThat(rewriter.rewrite(base, s3).toString()).isEqualTo(s3);
  }

  @Test
  void nextLinkIsTakenFromLinkHeaderAndRewritten() {
    String link =
        "<https://" + REGISTRY + RegistryPaths.tags("app") + "?last=dGFnLTk5&n=100>; rel=\"next\"";
    assertThat(rewriter.nextLink(base, link).toString())
        .isEqualTo(
            "https://docker-ecr.internal.example"
                + RegistryPaths.tags("app")
                + "?last=dGFnLTk5&n=100");
  }

  @Test
  void linkWithoutNextMeansLastPage() {
    assertThat(
            rewriter.nextLink(
                base, "<https://" + REGISTRY + RegistryPaths.tags("app") + ">; rel=\"prev\""))
        .isNull();
    assertThat(rewriter.nextLink(base, null)).isNull();
  }
}
