package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.testing.RegistryPaths;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

class RegistryClientDeleteTest extends ScriptedRegistryTest {
  final FakeImage image = FakeImage.create("amd64", 1000);

  List<String> requestLines() throws InterruptedException {
    return registry.requests().stream()
        .map(r -> r.getMethod() + " " + r.getUrl().encodedPath())
        .toList();
  }

  @Test
  void deleteByDigestAnswered202ReturnsTheDigestAndTheTagsGo() throws Exception {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client()) {
      assertThat(client.delete(ImageReference.of("app/small", image.digest().toString())))
          .isEqualTo(image.digest());
      assertThat(client.exists(ImageReference.of("app/small", "1.0"))).isFalse();
    }
    assertThat(requestLines().get(0))
        .isEqualTo("DELETE " + RegistryPaths.manifest("app/small", image.digest()));
  }

  @Test
  void deleteByTagResolvesTheDigestByHeadFirst() throws Exception {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client()) {
      assertThat(client.delete(ImageReference.of("app/small", "1.0"))).isEqualTo(image.digest());
    }
    assertThat(requestLines())
        .containsExactly(
            "HEAD " + RegistryPaths.manifest("app/small", "1.0"),
            "DELETE " + RegistryPaths.manifest("app/small", image.digest()));
  }

  @Test
  void deleteAnswered405IsAClearErrorSayingDeletesAreNotAllowed() {
    registry
        .image("app/small", "1.0", image)
        .override(
            RegistryPaths.manifest("app/small", image.digest()),
            r ->
                new MockResponse.Builder()
                    .code(405)
                    .setHeader("Content-Type", "application/json")
                    .body(
                        "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"The operation is"
                            + " unsupported.\"}]}")
                    .build());
    try (RegistryClient client = client()) {
      assertThatThrownBy(
              () -> client.delete(ImageReference.of("app/small", image.digest().toString())))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.status()).isEqualTo(405))
          .hasMessageContaining("does not allow deleting manifests")
          .hasMessageContaining(image.digest().toString());
    }
  }

  @Test
  void deleteOfAMissingTagIsNotFound() {
    Failures.thrownBy(client(), client -> client.delete(ImageReference.of("app/small", "9.9")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("app/small:9.9");
  }
}
