package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.RegistryPaths;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class RegistryClientHeadTest extends ScriptedRegistryTest {
  final FakeImage image = FakeImage.create("amd64", 1000);

  @Test
  void headGivesDigestMediaTypeAndSizeFromOneHeadWithTheFullAcceptList() throws Exception {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client()) {
      assertThat(client.head("app/small", "1.0"))
          .contains(
              new Descriptor(MediaTypes.DOCKER_MANIFEST, image.digest(), image.manifest().length));
    }
    RecordedRequest only = registry.requests().get(0);
    assertThat(registry.server().getRequestCount()).isEqualTo(1);
    assertThat(only.getMethod()).isEqualTo("HEAD");
    assertThat(only.getHeaders().get("Accept")).contains(FakeImage.MANIFEST_TYPES);
  }

  @Test
  void headWithoutDockerContentDigestFallsBackToGetAndHashesTheBytes() throws Exception {
    registry
        .image("app/small", "1.0", image)
        .override(
            RegistryPaths.manifest("app/small", "1.0"),
            r ->
                r.getMethod().equals("HEAD")
                    ? new MockResponse.Builder()
                        .setHeader("Content-Type", MediaTypes.DOCKER_MANIFEST)
                        .build()
                    : new MockResponse.Builder()
                        .setHeader("Content-Type", MediaTypes.DOCKER_MANIFEST)
                        .body(new Buffer().write(image.manifest()))
                        .build());
    try (RegistryClient client = client()) {
      Descriptor head = client.head("app/small", "1.0").orElseThrow();
      assertThat(head.digest()).isEqualTo(image.digest());
      assertThat(head.size()).isEqualTo(image.manifest().length);
    }
    assertThat(registry.requests())
        .extracting(RecordedRequest::getMethod)
        .containsExactly("HEAD", "GET");
  }

  @Test
  void headFallbackByDigestRefusesBytesOfAnotherDigest() {
    Digest other = Digest.sha256("something else");
    registry.override(
        RegistryPaths.manifest("app/small", other),
        r ->
            r.getMethod().equals("HEAD")
                ? new MockResponse.Builder().build()
                : new MockResponse.Builder().body(new Buffer().write(image.manifest())).build());
    Failures.thrownBy(client(), client -> client.head("app/small", other.toString()))
        .isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void headOfAMissingTagIsEmptyAndExistsIsFalse() {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client()) {
      assertThat(client.head("app/small", "2.0")).isEmpty();
      assertThat(client.exists(ImageReference.of("app/small", "1.0"))).isTrue();
      assertThat(client.exists(ImageReference.of("app/small", "2.0"))).isFalse();
    }
  }
}
