package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.RegistryException.ErrorCode;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RegistryClientTagTest extends ScriptedRegistryTest {
  final FakeImage image = FakeImage.create("amd64", 1000);

  @Test
  void tagPutsTheManifestBytesUnchangedUnderTheNewTag() throws Exception {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client()) {
      assertThat(client.tag(ImageReference.of("app/small", "1.0"), "stable"))
          .isEqualTo(image.digest());
    }
    assertThat(registry.pushedManifests().get(RegistryPaths.manifest("app/small", "stable")))
        .isEqualTo(image.manifest());
    RecordedRequest put = null;
    while (registry.server().getRequestCount() > 0 && put == null) {
      RecordedRequest r = registry.server().takeRequest();
      put = r.getMethod().equals("PUT") ? r : null;
    }
    assertThat(put.getHeaders().get("Content-Type")).isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void tagOfAnIndexKeepsItsBytesAndDigest() {
    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":[{\"mediaType\":\""
                + MediaTypes.DOCKER_MANIFEST
                + "\",\"digest\":\""
                + image.digest()
                + "\",\"size\":"
                + image.manifest().length
                + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}")
            .getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(index);
    registry.image(
        "app/multi", "1.0", MediaTypes.OCI_INDEX, digest.toString(), index, java.util.Map.of());
    try (RegistryClient client = client()) {
      assertThat(client.tag(ImageReference.of("app/multi", "1.0"), "stable")).isEqualTo(digest);
    }
    assertThat(registry.pushedManifests().get(RegistryPaths.manifest("app/multi", "stable")))
        .isEqualTo(index);
  }

  /** Tags app/small:1.0 as stable where the registry answers the PUT of stable {@code refusal}. */
  AbstractThrowableAssert<?, ? extends Throwable> assertTagRefused(MockResponse refusal) {
    registry
        .image("app/small", "1.0", image)
        .override(
            RegistryPaths.manifest("app/small", "stable"),
            r ->
                r.getMethod().equals("PUT")
                    ? refusal
                    : new MockResponse.Builder().code(404).build());
    try (RegistryClient client = client()) {
      return assertThatThrownBy(() -> client.tag(ImageReference.of("app/small", "1.0"), "stable"));
    }
  }

  @Test
  void tagImmutableRefusalIsATagInvalidErrorNamingTheTag() {
    assertTagRefused(
            error(
                "TAG_INVALID",
                "The image tag 'stable' already exists in the 'app/small' repository and"
                    + " cannot be overwritten because the repository is immutable."))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TAG_INVALID);
              assertThat(e.status()).isEqualTo(400);
            })
        .hasMessageContaining("app/small:stable")
        .hasMessageContaining("immutable");
  }

  @Test
  void ecrApiWordingOfTheImmutableRefusalIsTagInvalidToo() {
    assertTagRefused(error("ImageTagAlreadyExistsException", "tag exists"))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TAG_INVALID));
  }

  @Test
  void retagOntoTheTagThatAlreadyNamesTheDigestWritesNothing() {
    registry.image("app/small", "1.0", image).image("app/small", "stable", image);
    try (RegistryClient client = client()) {
      assertThat(client.tag(ImageReference.of("app/small", "1.0"), "stable"))
          .isEqualTo(image.digest());
    }
    assertThat(registry.pushedManifests()).isEmpty();
  }

  @Test
  void aDigestAsTheNewTagIsABadArgument() {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client()) {
      assertThatThrownBy(
              () -> client.tag(ImageReference.of("app/small", "1.0"), image.digest().toString()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a digest");
    }
  }

  static MockResponse error(String code, String message) {
    return new MockResponse.Builder()
        .code(400)
        .setHeader("Content-Type", "application/json")
        .body("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
        .build();
  }
}
