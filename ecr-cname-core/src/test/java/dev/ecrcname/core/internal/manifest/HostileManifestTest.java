package dev.ecrcname.core.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Manifests a hostile registry could serve (issue 12, content). Timeouts are hang guards. */
class HostileManifestTest {
  static final Duration HANG_GUARD = Duration.ofSeconds(10);

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String layer(int i) {
    return "{\"mediaType\":\""
        + MediaTypes.DOCKER_LAYER_GZIP
        + "\",\"digest\":\""
        + Digest.sha256("layer " + i)
        + "\",\"size\":"
        + (i + 1)
        + "}";
  }

  static String manifest(String mediaType, String layers) {
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + mediaType
        + "\",\"config\":{\"mediaType\":\""
        + MediaTypes.DOCKER_CONFIG
        + "\",\"digest\":\""
        + Digest.sha256("c")
        + "\",\"size\":1},\"layers\":["
        + layers
        + "]}";
  }

  @Test
  void aManifestOfTenThousandLayersParsesInBoundedTime() {
    StringBuilder layers = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      layers.append(i == 0 ? "" : ",").append(layer(i));
    }
    ParsedManifest parsed =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () ->
                ManifestParser.parse(
                    bytes(manifest(MediaTypes.DOCKER_MANIFEST, layers.toString())), null, "m"));
    assertThat(((ParsedManifest.Image) parsed).layers()).hasSize(10_000);
  }

  @Test
  void deeplyNestedJsonIsInvalidContentNotAStackOverflow() {
    String deep = "{\"schemaVersion\":2,\"x\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
    assertThatThrownBy(
            () ->
                assertTimeoutPreemptively(
                    HANG_GUARD, () -> ManifestParser.parse(bytes(deep), null, "deep")))
        .isInstanceOf(ContentException.class);
  }

  @Test
  void anUnknownManifestMediaTypeIsAClearContentError() {
    assertThatThrownBy(
            () ->
                ManifestParser.parse(
                    bytes(manifest("application/x-evil", layer(0))), "application/x-evil", "odd"))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining("application/x-evil");
  }

  /**
   * Issue 21, defect 18: the parser's reason and position, on one line, without Gson's exception
   * class and its troubleshooting link.
   */
  @Test
  void malformedJsonIsOneLineWithThePositionButNotTheParsersOwnWords() {
    assertThatThrownBy(() -> ManifestParser.parse(bytes("{\"schemaVersion\" 2}"), null, "bad"))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining("bad is not valid JSON")
        .hasMessageContaining("Expected ':' at line 1 column")
        .hasMessageNotContaining("com.google.gson")
        .hasMessageNotContaining("https://")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ManifestParser.parse(bytes("\"a string\""), null, "str"))
        .isInstanceOf(ContentException.class)
        .hasMessageNotContaining("java.lang.")
        .hasMessageNotContaining("https://");
  }
}
