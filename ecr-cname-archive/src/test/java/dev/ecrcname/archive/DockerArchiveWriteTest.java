package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DockerArchiveWriteTest {
  @TempDir Path blobs;
  @TempDir Path out;

  @ParameterizedTest
  @EnumSource(Codec.class)
  void sameImageWritesByteIdenticalTars(Codec codec) throws IOException {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), codec);
    Path first = out.resolve("first.tar");
    Path second = out.resolve("second.tar");
    DockerArchive.write(image, first);
    DockerArchive.write(image, second, WriteOptions.builder().parallelism(1).build());

    assertThat(Digest.sha256(Files.readAllBytes(first)))
        .isEqualTo(Digest.sha256(Files.readAllBytes(second)));
  }

  /**
   * Plain and gzip layers take the in-place path, zstd without a size in its frame header and
   * two-member gzip (whose trailer understates the size) take the temp-file path; all must give the
   * same bytes.
   */
  @Test
  void uncompressedOutputDependsOnlyOnLayerContentNotOnHowItWasCompressed() throws IOException {
    List<byte[]> tars = TestImages.standardLayers();
    List<Digest> diffIds = TestImages.diffIds(tars);
    List<PulledImage> variants =
        List.of(
            TestImages.image(blobs.resolve("none"), "1.0", tars, Codec.NONE),
            TestImages.image(blobs.resolve("gzip"), "1.0", tars, Codec.GZIP),
            TestImages.image(blobs.resolve("zstd"), "1.0", tars, Codec.ZSTD),
            TestImages.image(
                blobs.resolve("zstd-sized"),
                "1.0",
                tars,
                Codec.ZSTD.mediaType,
                Zstd::compress,
                TestImages.config(diffIds)),
            TestImages.image(
                blobs.resolve("gzip-multi"),
                "1.0",
                tars,
                Codec.GZIP.mediaType,
                TestImages::gzipInTwoMembers,
                TestImages.config(diffIds)));
    List<Digest> outputs = new ArrayList<>();
    for (PulledImage image : variants) {
      Path target = out.resolve(outputs.size() + ".tar");
      DockerArchive.write(image, target);
      outputs.add(Digest.sha256(Files.readAllBytes(target)));
    }
    assertThat(outputs).containsOnly(outputs.get(0));
    TarContents first = TarContents.read(out.resolve("0.tar"));
    assertThat(first.file("blobs/sha256/" + diffIds.get(1).hex())).isEqualTo(tars.get(1));
  }

  @Test
  void sizeHintsComeFromTheGzipTrailerAndTheZstdFrameHeader() throws IOException {
    byte[] tar = TestImages.standardLayers().get(1);
    assertThat(DirectLayers.sizeHint(TestImages.writeBlob(blobs, Codec.GZIP.compress(tar))))
        .hasValue(tar.length);
    assertThat(DirectLayers.sizeHint(TestImages.writeBlob(blobs, Zstd.compress(tar))))
        .hasValue(tar.length);
    assertThat(DirectLayers.sizeHint(TestImages.writeBlob(blobs, tar))).hasValue(tar.length);
    assertThat(DirectLayers.sizeHint(TestImages.writeBlob(blobs, Codec.ZSTD.compress(tar))))
        .as("a streamed zstd frame does not state its size")
        .isEmpty();
    assertThat(DirectLayers.sizeHint(TestImages.writeBlob(blobs, TestImages.gzipInTwoMembers(tar))))
        .hasValue(tar.length - tar.length / 2);
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void layersAreStoredDecompressedAndNamedByDiffId(Codec codec) {
    List<byte[]> tars = TestImages.standardLayers();
    PulledImage image = TestImages.image(blobs, "1.0", tars, codec);
    Path target = out.resolve("image.tar");
    DockerArchive.write(image, target);

    TarContents tar = TarContents.read(target);
    for (byte[] layerTar : tars) {
      assertThat(tar.file("blobs/sha256/" + Digest.sha256(layerTar).hex())).isEqualTo(layerTar);
    }
    JsonArray layers =
        tar.json("manifest.json")
            .getAsJsonArray()
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("Layers");
    List<String> expected = new ArrayList<>();
    tars.forEach(t -> expected.add("\"blobs/sha256/" + Digest.sha256(t).hex() + "\""));
    assertThat(layers.asList()).extracting(Object::toString).containsExactlyElementsOf(expected);
  }

  @Test
  void everyEntryHasMtimeZeroAndRootOwnership() {
    Path target = out.resolve("image.tar");
    DockerArchive.write(
        TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP), target);

    for (TarArchiveEntry entry : TarContents.read(target).entries().values()) {
      assertThat(entry.getModTime().getTime()).as(entry.getName()).isZero();
      assertThat(entry.getLongUserId()).as(entry.getName()).isZero();
      assertThat(entry.getLongGroupId()).as(entry.getName()).isZero();
      assertThat(entry.getExtraPaxHeaders()).as(entry.getName()).isEmpty();
    }
  }

  @Test
  void legacyLayerDirectoriesLinkToTheBlobInsteadOfCopyingIt() {
    List<byte[]> tars = TestImages.standardLayers();
    Path target = out.resolve("image.tar");
    PulledImage image = TestImages.image(blobs, "1.0", tars, Codec.GZIP);
    DockerArchive.write(image, target);

    TarContents tar = TarContents.read(target);
    List<Digest> chain = ImageConfig.parse(image.configBytes(), "test").chainIds();
    for (int i = 0; i < tars.size(); i++) {
      String id = chain.get(i).hex();
      TarArchiveEntry link = tar.entries().get(id + "/layer.tar");
      assertThat(link.isSymbolicLink()).isTrue();
      assertThat(link.getLinkName())
          .isEqualTo("../blobs/sha256/" + Digest.sha256(tars.get(i)).hex());
      assertThat(new String(tar.file(id + "/VERSION"))).isEqualTo("1.0");
      JsonObject json = tar.json(id + "/json").getAsJsonObject();
      assertThat(json.get("id").getAsString()).isEqualTo(id);
      if (i > 0) {
        assertThat(json.get("parent").getAsString()).isEqualTo(chain.get(i - 1).hex());
      }
    }
    long layerBlobs =
        tar.files().keySet().stream().filter(name -> name.startsWith("blobs/")).count();
    assertThat(layerBlobs).as("4 layers + config + manifest").isEqualTo(6);
  }

  @Test
  void configIsStoredExactlyAsReceivedSoTheImageIdIsTheConfigDigest() {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Path target = out.resolve("image.tar");
    DockerArchive.write(image, target);

    TarContents tar = TarContents.read(target);
    String hex = image.imageId().hex();
    assertThat(tar.file("blobs/sha256/" + hex)).isEqualTo(image.configBytes());
    assertThat(tar.entries().get(hex + ".json").getLinkName()).isEqualTo("blobs/sha256/" + hex);
    JsonObject item = tar.json("manifest.json").getAsJsonArray().get(0).getAsJsonObject();
    assertThat(item.get("Config").getAsString()).isEqualTo("blobs/sha256/" + hex);
  }

  @Test
  void indexPointsToASynthesisedManifestDescribingTheStoredLayers() {
    List<byte[]> tars = TestImages.standardLayers();
    PulledImage image = TestImages.image(blobs, "1.0", tars, Codec.ZSTD);
    Path target = out.resolve("image.tar");
    DockerArchive.write(image, target);

    TarContents tar = TarContents.read(target);
    JsonObject descriptor = indexEntry(tar);
    Digest manifestDigest = Digest.parse(descriptor.get("digest").getAsString());
    byte[] manifestBytes = tar.file("blobs/sha256/" + manifestDigest.hex());
    assertThat(Digest.sha256(manifestBytes)).isEqualTo(manifestDigest);
    assertThat(descriptor.get("size").getAsLong()).isEqualTo(manifestBytes.length);
    assertThat(manifestDigest).isNotEqualTo(image.manifestDigest());

    JsonObject manifest = tar.json("blobs/sha256/" + manifestDigest.hex()).getAsJsonObject();
    assertThat(manifest.getAsJsonObject("config").get("digest").getAsString())
        .isEqualTo(image.imageId().toString());
    JsonArray layers = manifest.getAsJsonArray("layers");
    for (int i = 0; i < tars.size(); i++) {
      JsonObject layer = layers.get(i).getAsJsonObject();
      assertThat(layer.get("mediaType").getAsString())
          .isEqualTo("application/vnd.oci.image.layer.v1.tar");
      assertThat(layer.get("digest").getAsString())
          .isEqualTo(Digest.sha256(tars.get(i)).toString());
      assertThat(layer.get("size").getAsLong()).isEqualTo(tars.get(i).length);
    }
    assertThat(new String(tar.file("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
    assertThat(descriptor.getAsJsonObject("platform").toString())
        .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
  }

  @Test
  void foreignLayersAreListedInLayerSourcesAndTheManifestIsSynthesised() {
    List<byte[]> tars = TestImages.standardLayers();
    PulledImage plain = TestImages.image(blobs, "1.0", tars, Codec.GZIP);
    List<PulledImage.Layer> layers = new ArrayList<>(plain.layers());
    Descriptor base = layers.get(0).descriptor();
    Descriptor foreign =
        new Descriptor(
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            base.digest(),
            base.size(),
            List.of("https://mcr.microsoft.com/base.tar.gz"),
            Map.of());
    layers.set(0, new PulledImage.Layer(foreign, layers.get(0).blob()));
    PulledImage image =
        new PulledImage(
            plain.reference().withDigest(plain.manifestDigest()),
            plain.manifestMediaType(),
            plain.manifest(),
            plain.config(),
            plain.configBytes(),
            layers);
    Path target = out.resolve("image.tar");
    DockerArchive.write(image, target, WriteOptions.builder().compressedLayers(true).build());

    TarContents tar = TarContents.read(target);
    JsonObject sources =
        tar.json("manifest.json")
            .getAsJsonArray()
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("LayerSources");
    assertThat(sources.keySet()).containsExactly(Digest.sha256(tars.get(0)).toString());
    JsonObject source = sources.getAsJsonObject(Digest.sha256(tars.get(0)).toString());
    assertThat(source.get("digest").getAsString()).isEqualTo(base.digest().toString());
    assertThat(source.getAsJsonArray("urls").get(0).getAsString())
        .isEqualTo("https://mcr.microsoft.com/base.tar.gz");
    assertThat(indexEntry(tar).get("digest").getAsString())
        .as(
            "OCI readers would fetch a foreign layer from its URL, so the original manifest is not kept")
        .isNotEqualTo(plain.manifestDigest().toString());
  }

  @Test
  void compressedModeStoresRegistryBlobsAndKeepsTheOriginalManifest() {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Path target = out.resolve("image.tar");
    DockerArchive.write(image, target, WriteOptions.builder().compressedLayers(true).build());

    TarContents tar = TarContents.read(target);
    for (PulledImage.Layer layer : image.layers()) {
      assertThat(tar.file("blobs/sha256/" + layer.descriptor().digest().hex()))
          .isEqualTo(readAll(layer.blob()));
    }
    JsonObject descriptor = indexEntry(tar);
    assertThat(descriptor.get("digest").getAsString()).isEqualTo(image.manifestDigest().toString());
    assertThat(descriptor.get("mediaType").getAsString()).isEqualTo(TestImages.DOCKER_MANIFEST);
    assertThat(tar.file("blobs/sha256/" + image.manifestDigest().hex()))
        .isEqualTo(image.manifest());
  }

  @Test
  void namesTheImageAfterTheRegistryRepositoryAndTag() {
    Path target = out.resolve("image.tar");
    DockerArchive.write(
        TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP), target);

    TarContents tar = TarContents.read(target);
    String name = TestImages.REGISTRY + "/" + TestImages.REPOSITORY;
    JsonObject item = tar.json("manifest.json").getAsJsonArray().get(0).getAsJsonObject();
    assertThat(item.getAsJsonArray("RepoTags").get(0).getAsString()).isEqualTo(name + ":1.0");
    JsonObject annotations = indexEntry(tar).getAsJsonObject("annotations");
    assertThat(annotations.get("io.containerd.image.name").getAsString()).isEqualTo(name + ":1.0");
    assertThat(annotations.get("org.opencontainers.image.ref.name").getAsString()).isEqualTo("1.0");
    assertThat(tar.json("repositories").getAsJsonObject().getAsJsonObject(name).has("1.0"))
        .isTrue();
  }

  @Test
  void repoTagOptionRenamesTheImage() {
    Path target = out.resolve("image.tar");
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    DockerArchive.write(image, target, WriteOptions.builder().repoTag("myimg:1").build());

    TarContents tar = TarContents.read(target);
    JsonObject item = tar.json("manifest.json").getAsJsonArray().get(0).getAsJsonObject();
    assertThat(item.getAsJsonArray("RepoTags").get(0).getAsString()).isEqualTo("myimg:1");
    JsonObject annotations = indexEntry(tar).getAsJsonObject("annotations");
    assertThat(annotations.get("io.containerd.image.name").getAsString())
        .isEqualTo("docker.io/library/myimg:1");
  }

  @Test
  void imagePulledByDigestLoadsUnnamed() {
    PulledImage byTag = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    PulledImage byDigest = withReference(byTag, byTag.manifestDigest().toString());
    Path target = out.resolve("image.tar");
    DockerArchive.write(byDigest, target);

    TarContents tar = TarContents.read(target);
    assertThat(
            tar.json("manifest.json")
                .getAsJsonArray()
                .get(0)
                .getAsJsonObject()
                .get("RepoTags")
                .isJsonNull())
        .isTrue();
    assertThat(indexEntry(tar).has("annotations")).isFalse();
    assertThat(tar.entries()).doesNotContainKey("repositories");
  }

  @Test
  void severalImagesStoreSharedLayersOnce() {
    List<byte[]> base = TestImages.standardLayers();
    List<byte[]> extended = new ArrayList<>(base);
    extended.add(new TestImages.Layer().file("extra.txt", "extra\n").tar());
    PulledImage first = TestImages.image(blobs.resolve("a"), "1.0", base, Codec.GZIP);
    PulledImage second = TestImages.image(blobs.resolve("b"), "2.0", extended, Codec.ZSTD);
    Path target = out.resolve("both.tar");
    DockerArchive.write(List.of(first, second), target, WriteOptions.defaults());

    TarContents tar = TarContents.read(target);
    long blobCount =
        tar.files().keySet().stream().filter(name -> name.startsWith("blobs/")).count();
    assertThat(blobCount).as("5 distinct layers + 2 configs + 2 manifests").isEqualTo(9);
    assertThat(tar.json("manifest.json").getAsJsonArray()).hasSize(2);
    assertThat(tar.json("index.json").getAsJsonObject().getAsJsonArray("manifests")).hasSize(2);
    long legacyDirectories =
        tar.entries().keySet().stream().filter(name -> name.matches("[a-f0-9]{64}/")).count();
    assertThat(legacyDirectories).isEqualTo(5);
  }

  @Test
  void repoTagThatDockerCannotParseIsRefused() {
    assertThatThrownBy(() -> WriteOptions.builder().repoTag("NoTag").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WriteOptions.builder().repoTag("Upper/Case:1").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonObject indexEntry(TarContents tar) {
    return tar.json("index.json")
        .getAsJsonObject()
        .getAsJsonArray("manifests")
        .get(0)
        .getAsJsonObject();
  }

  static PulledImage withReference(PulledImage image, String reference) {
    return new PulledImage(
        TestImages.resolved(image.reference().repository(), reference, image.manifestDigest()),
        image.manifestMediaType(),
        image.manifest(),
        image.config(),
        image.configBytes(),
        image.layers());
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
