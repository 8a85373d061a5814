package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every platform of an index pulled at once, and one image per platform pushed as an index. */
class RegistryClientMultiPlatformTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  final FakeImage amd = FakeImage.create("amd64", 40_000, 1_000);
  final FakeImage arm = FakeImage.create("arm64", 30_000);
  @TempDir Path cache;

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  /** The index of amd and arm, plus a buildx attestation entry whose manifest is not served. */
  byte[] indexWithAttestation() {
    JsonObject index =
        JsonParser.parseString(new String(FakeImage.index(amd, arm), StandardCharsets.UTF_8))
            .getAsJsonObject();
    JsonObject attestation = new JsonObject();
    attestation.addProperty("mediaType", MediaTypes.OCI_MANIFEST);
    attestation.addProperty("digest", Digest.sha256(new byte[] {1}).toString());
    attestation.addProperty("size", 1);
    JsonObject unknown = new JsonObject();
    unknown.addProperty("architecture", "unknown");
    unknown.addProperty("os", "unknown");
    attestation.add("platform", unknown);
    index.getAsJsonArray("manifests").add(attestation);
    return index.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyPlatformIsPulledWithTheIndexAndAttestationsAreLeftOut() throws Exception {
    byte[] index = indexWithAttestation();
    registry.image("app/multi", "amd", amd).image("app/multi", "arm", arm);
    FakeImage.serveIndex(registry, "app/multi", "1.0", index);
    MultiPlatformImage pulled;
    try (RegistryClient client = client()) {
      pulled = client.pullAllPlatforms(ImageReference.parse("app/multi:1.0"));
    }
    assertThat(pulled.index()).isPresent();
    assertThat(pulled.index().get().bytes()).isEqualTo(index);
    assertThat(pulled.index().get().digest()).isEqualTo(Digest.sha256(index));
    assertThat(pulled.platforms())
        .containsExactly(Platform.of("linux", "amd64"), Platform.of("linux", "arm64"));
    PulledImage armImage = pulled.images().get(1).image();
    assertThat(armImage.manifestDigest()).isEqualTo(arm.digest());
    assertThat(armImage.reference().tag()).isEqualTo("1.0");
    assertThat(armImage.reference().digest()).isEqualTo(arm.digest());
    assertThat(armImage.configBytes()).isEqualTo(arm.config());
    assertThat(Files.readAllBytes(armImage.layers().get(0).blob())).isEqualTo(arm.layers().get(0));
    assertThat(pulled.images().get(0).image().layers()).hasSize(2);
  }

  @Test
  void aLayerSharedByTwoPlatformsIsFetchedOnce() {
    // The same image listed for two platforms: every layer is shared.
    registry.image("app/multi", "amd", amd);
    FakeImage.serveIndex(registry, "app/multi", "1.0", FakeImage.index(amd, amd));
    List<Descriptor> started = java.util.Collections.synchronizedList(new ArrayList<>());
    TransferListener listener =
        new TransferListener() {
          @Override
          public void started(Descriptor descriptor) {
            started.add(descriptor);
          }
        };
    try (RegistryClient client = client()) {
      MultiPlatformImage pulled =
          client.pullAllPlatforms(ImageReference.parse("app/multi:1.0"), listener);
      assertThat(pulled.images()).hasSize(2);
    }
    // Two layers, and the config once per platform (it is small, and read on the caller's thread).
    assertThat(started.stream().filter(d -> d.size() > 10_000 || d.size() == 1_000))
        .doesNotHaveDuplicates()
        .hasSize(2);
  }

  @Test
  void aSingleImageComesAloneWithoutAnIndex() {
    registry.image("app/small", "1.0", amd);
    try (RegistryClient client = client()) {
      MultiPlatformImage pulled = client.pullAllPlatforms(ImageReference.parse("app/small:1.0"));
      assertThat(pulled.index()).isEmpty();
      assertThat(pulled.images()).hasSize(1);
      assertThat(pulled.images().get(0).platform()).isNull();
      assertThat(pulled.images().get(0).image().manifestDigest()).isEqualTo(amd.digest());
    }
  }

  @Test
  void aMissingChildFailsTheWholePullNamingIt() {
    registry.image("app/multi", "amd", amd);
    FakeImage.serveIndex(registry, "app/multi", "1.0", FakeImage.index(amd, arm));
    try (RegistryClient client = client()) {
      assertThatThrownBy(() -> client.pullAllPlatforms(ImageReference.parse("app/multi:1.0")))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining(arm.digest().toString());
    }
  }

  @Test
  void anIndexNestedInAnIndexIsRefusedAsUnsupported() {
    byte[] inner = FakeImage.index(amd, arm);
    FakeImage.serveIndex(registry, "app/multi", "inner", inner);
    FakeImage.serveIndex(
        registry, "app/multi", "1.0", FakeImage.indexOf(MediaTypes.OCI_INDEX, inner));
    try (RegistryClient client = client()) {
      assertThatThrownBy(() -> client.pullAllPlatforms(ImageReference.parse("app/multi:1.0")))
          .isInstanceOfSatisfying(
              ContentException.class,
              e -> assertThat(e.problem()).isEqualTo(ContentException.Problem.UNSUPPORTED))
          .hasMessageContaining("nests an index");
    }
  }

  @Test
  void imagesArePushedByDigestAndTheManifestListTaggedLast() throws Exception {
    PushResult result;
    try (RegistryClient client = client()) {
      result =
          client.pushIndex(
              ImageReference.parse("app/multi:2.0"),
              List.of(new MemoryImageSource(amd), new MemoryImageSource(arm)),
              PushOptions.defaults());
    }
    byte[] list = registry.pushedManifests().get(RegistryPaths.manifest("app/multi", "2.0"));
    assertThat(result.manifestDigest()).isEqualTo(Digest.sha256(list));
    JsonObject json =
        JsonParser.parseString(new String(list, StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(json.get("mediaType").getAsString()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    JsonArray entries = json.getAsJsonArray("manifests");
    assertThat(entries).hasSize(2);
    List<String> platforms = new ArrayList<>();
    for (var entry : entries) {
      JsonObject e = entry.getAsJsonObject();
      JsonObject platform = e.getAsJsonObject("platform");
      platforms.add(
          platform.get("os").getAsString() + "/" + platform.get("architecture").getAsString());
      assertThat(platform.has("variant")).isFalse();
      String digest = e.get("digest").getAsString();
      byte[] child = registry.pushedManifests().get(RegistryPaths.manifest("app/multi", digest));
      assertThat(child).isNotNull();
      assertThat(Digest.sha256(child).toString()).isEqualTo(digest);
      assertThat(e.get("size").getAsLong()).isEqualTo(child.length);
      assertThat(e.get("mediaType").getAsString()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
    assertThat(result.blobsUploaded()).isEqualTo(5); // two configs and three layers
    List<RecordedRequest> manifestPuts = new ArrayList<>();
    while (registry.server().getRequestCount() > 0) {
      RecordedRequest r = registry.server().takeRequest();
      if (r.getMethod().equals("PUT") && r.getTarget().contains("/manifests/")) {
        manifestPuts.add(r);
      }
      if (manifestPuts.size() == 3) {
        break;
      }
    }
    assertThat(manifestPuts).hasSize(3);
    assertThat(manifestPuts.get(2).getTarget()).endsWith("/manifests/2.0");
    assertThat(manifestPuts.get(0).getTarget()).contains("/manifests/sha256:");
  }

  @Test
  void theOciFormatPushesAnOciIndex() {
    try (RegistryClient client = client()) {
      client.pushIndex(
          ImageReference.parse("app/multi:oci"),
          List.of(new MemoryImageSource(amd), new MemoryImageSource(arm)),
          PushOptions.builder().format(ManifestFormat.OCI).build());
    }
    String index =
        new String(
            registry.pushedManifests().get(RegistryPaths.manifest("app/multi", "oci")),
            StandardCharsets.UTF_8);
    assertThat(index).contains(MediaTypes.OCI_INDEX).contains(MediaTypes.OCI_MANIFEST);
  }

  @Test
  void twoImagesForOnePlatformAreRefusedBeforeAnyUpload() {
    try (RegistryClient client = client()) {
      assertThatThrownBy(
              () ->
                  client.pushIndex(
                      ImageReference.parse("app/multi:2.0"),
                      List.of(new MemoryImageSource(amd), new MemoryImageSource(amd)),
                      PushOptions.defaults()))
          .isInstanceOfSatisfying(
              ContentException.class,
              e -> assertThat(e.problem()).isEqualTo(ContentException.Problem.INVALID))
          .hasMessageContaining("linux/amd64")
          .hasMessageContaining(Digest.sha256(amd.config()).toString());
    }
    assertThat(registry.pushedManifests()).isEmpty();
  }

  @Test
  void thePlatformTheSourceNamesWinsOverTheConfigsSoAVariantSurvives() {
    try (RegistryClient client = client()) {
      client.pushIndex(
          ImageReference.parse("app/multi:v8"),
          List.of(
              new MemoryImageSource(amd),
              new MemoryImageSource(arm, Optional.of(Platform.parse("linux/arm64/v8")))),
          PushOptions.defaults());
    }
    JsonObject index =
        JsonParser.parseString(
                new String(
                    registry.pushedManifests().get(RegistryPaths.manifest("app/multi", "v8")),
                    StandardCharsets.UTF_8))
            .getAsJsonObject();
    JsonObject armPlatform =
        index.getAsJsonArray("manifests").get(1).getAsJsonObject().getAsJsonObject("platform");
    assertThat(armPlatform.get("variant").getAsString()).isEqualTo("v8");
    assertThat(armPlatform.get("architecture").getAsString()).isEqualTo("arm64");
  }

  @Test
  void aPulledMultiPlatformImagePushesBackAsTheSameImagesUnderANewTag() {
    registry.image("app/multi", "amd", amd).image("app/multi", "arm", arm);
    FakeImage.serveIndex(registry, "app/multi", "1.0", FakeImage.index(amd, arm));
    PushResult result;
    try (RegistryClient client = client()) {
      MultiPlatformImage pulled = client.pullAllPlatforms(ImageReference.parse("app/multi:1.0"));
      result = client.push(ImageReference.parse("app/copy:1.0"), pulled, PushOptions.defaults());
    }
    // The manifests are written anew, but each config (the image ID) and layer goes unchanged.
    String index =
        new String(
            registry.pushedManifests().get(RegistryPaths.manifest("app/copy", "1.0")),
            StandardCharsets.UTF_8);
    assertThat(Digest.sha256(index.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(result.manifestDigest());
    assertThat(index).contains("\"amd64\"").contains("\"arm64\"");
    for (FakeImage image : List.of(amd, arm)) {
      assertThat(registry.blob("app/copy", Digest.sha256(image.config()).toString()))
          .isEqualTo(image.config());
      for (byte[] layer : image.layers()) {
        assertThat(registry.blob("app/copy", Digest.sha256(layer).toString())).isEqualTo(layer);
      }
    }
  }
}
