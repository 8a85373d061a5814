package dev.ecrcname.core.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.Platform;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  static final String DIGEST = "sha256:" + "a".repeat(64);

  static ParsedManifest parse(String json, String contentType) {
    return ManifestParser.parse(json.getBytes(StandardCharsets.UTF_8), contentType, "app/x:1");
  }

  @Test
  void ociManifestWithoutMediaTypeIsRecognisedByShape() {
    ParsedManifest parsed =
        parse(
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\",\"digest\":\""
                + DIGEST
                + "\",\"size\":1},\"layers\":[]}",
            "application/json");
    assertThat(parsed).isInstanceOf(ParsedManifest.Image.class);
    assertThat(parsed.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
  }

  @Test
  void indexEntriesCarryTheirPlatforms() {
    ParsedManifest parsed =
        parse(
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"m\",\"digest\":\""
                + DIGEST
                + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}}]}",
            MediaTypes.OCI_INDEX);
    assertThat(((ParsedManifest.Index) parsed).manifests().get(0).platform())
        .isEqualTo(new Platform("linux", "arm64", "v8"));
  }

  @Test
  void schemaOneIsRefusedWithTheReason() {
    assertThatThrownBy(() -> parse("{\"schemaVersion\":1,\"name\":\"x\"}", null))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining("schemaVersion 1")
        .hasMessageContaining("app/x:1");
  }

  @Test
  void indexEntryWithAnEmptyOsIsAnInvalidManifest() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"m\",\"digest\":\""
                        + DIGEST
                        + "\",\"size\":1,\"platform\":{\"os\":\"\",\"architecture\":\"amd64\"}}]}",
                    MediaTypes.OCI_INDEX))
        .isInstanceOf(ContentException.class)
        .satisfies(
            e ->
                assertThat(((ContentException) e).problem())
                    .isEqualTo(ContentException.Problem.INVALID));
  }

  @Test
  void descriptorWithAMalformedDigestIsAnInvalidManifest() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"schemaVersion\":2,\"mediaType\":\""
                        + MediaTypes.DOCKER_MANIFEST
                        + "\",\"config\":{\"mediaType\":\"c\",\"digest\":\"sha256:../../etc\",\"size\":1},\"layers\":[]}",
                    null))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining("invalid descriptor");
  }
}
