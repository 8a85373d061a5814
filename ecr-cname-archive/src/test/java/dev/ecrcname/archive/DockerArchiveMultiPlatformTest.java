package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-platform images written with their index (tarball and layout directory) and read back. */
class DockerArchiveMultiPlatformTest {
  @TempDir Path blobs;
  @TempDir Path out;

  final WriteOptions compressedOci =
      WriteOptions.builder().compressedLayers(true).format(WriteOptions.Format.OCI).build();

  static JsonObject object(byte[] json) {
    return JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  static List<String> digests(JsonObject index) {
    List<String> digests = new ArrayList<>();
    for (JsonElement e : index.getAsJsonArray("manifests")) {
      digests.add(e.getAsJsonObject().get("digest").getAsString());
    }
    return digests;
  }

  static String blob(String digest) {
    return "blobs/sha256/" + digest.substring("sha256:".length());
  }

  @Test
  void theDefaultTarballNamesTheIndexAndListsThisMachinesPlatformForDocker20() throws IOException {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    Path tar = out.resolve("multi.tar");
    DockerArchive.write(image, tar, WriteOptions.defaults());
    TarContents contents = TarContents.read(tar);

    JsonArray top = contents.json("index.json").getAsJsonObject().getAsJsonArray("manifests");
    assertThat(top).hasSize(1);
    JsonObject entry = top.get(0).getAsJsonObject();
    assertThat(entry.get("mediaType").getAsString()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(entry.getAsJsonObject("annotations").get("io.containerd.image.name").getAsString())
        .isEqualTo(TestImages.REGISTRY + "/" + TestImages.REPOSITORY + ":1.0");
    // Uncompressed layers are not what the pulled manifests describe, so the index is new.
    JsonObject index = object(contents.file(blob(entry.get("digest").getAsString())));
    JsonArray entries = index.getAsJsonArray("manifests");
    assertThat(entries).hasSize(2);
    List<String> architectures = new ArrayList<>();
    for (JsonElement e : entries) {
      JsonObject child =
          object(contents.file(blob(e.getAsJsonObject().get("digest").getAsString())));
      for (JsonElement layer : child.getAsJsonArray("layers")) {
        assertThat(contents.files())
            .containsKey(blob(layer.getAsJsonObject().get("digest").getAsString()));
      }
      architectures.add(
          e.getAsJsonObject().getAsJsonObject("platform").get("architecture").getAsString());
    }
    assertThat(architectures).containsExactly("amd64", "arm64");

    PulledImage amd = image.images().get(0).image();
    assertThat(configListedByManifestJson(contents))
        .as("the default is this machine's platform, %s", Platform.current())
        .isEqualTo(
            "blobs/sha256/"
                + (Platform.current().architecture().equals("arm64")
                        ? image.images().get(1).image()
                        : amd)
                    .imageId()
                    .hex());
  }

  static String configListedByManifestJson(TarContents contents) {
    JsonArray manifest = contents.json("manifest.json").getAsJsonArray();
    assertThat(manifest).hasSize(1);
    return manifest.get(0).getAsJsonObject().get("Config").getAsString();
  }

  @Test
  void manifestJsonListsTheLoadPlatformsImageElseTheFirst() throws IOException {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    for (String platform : List.of("linux/arm64", "linux/amd64", "linux/s390x")) {
      Path tar = out.resolve(platform.replace('/', '-') + ".tar");
      DockerArchive.write(
          image, tar, WriteOptions.builder().loadPlatform(Platform.parse(platform)).build());
      PulledImage expected = image.images().get(platform.equals("linux/arm64") ? 1 : 0).image();
      assertThat(configListedByManifestJson(TarContents.read(tar)))
          .as(platform)
          .isEqualTo("blobs/sha256/" + expected.imageId().hex());
    }
  }

  @Test
  void theSameImageWritesTheSameBytes() throws IOException {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    DockerArchive.write(image, out.resolve("a.tar"), WriteOptions.defaults());
    DockerArchive.write(image, out.resolve("b.tar"), WriteOptions.builder().parallelism(1).build());
    assertThat(Files.readAllBytes(out.resolve("a.tar")))
        .isEqualTo(Files.readAllBytes(out.resolve("b.tar")));
  }

  @Test
  void compressedOciKeepsThePulledIndexByteForByteAndAddsNoDockerParts() throws IOException {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    Path tar = out.resolve("multi.tar");
    DockerArchive.write(image, tar, compressedOci);
    TarContents contents = TarContents.read(tar);

    byte[] pulledIndex = image.index().orElseThrow().bytes();
    JsonObject entry =
        contents
            .json("index.json")
            .getAsJsonObject()
            .getAsJsonArray("manifests")
            .get(0)
            .getAsJsonObject();
    assertThat(entry.get("digest").getAsString()).isEqualTo(Digest.sha256(pulledIndex).toString());
    assertThat(contents.file(blob(entry.get("digest").getAsString()))).isEqualTo(pulledIndex);
    for (MultiPlatformImage.Entry platform : image.images()) {
      assertThat(contents.file(blob(platform.image().manifestDigest().toString())))
          .isEqualTo(platform.image().manifest());
    }
    assertThat(contents.entries().keySet())
        .noneMatch(name -> name.equals("manifest.json") || name.equals("repositories"))
        .noneMatch(
            name ->
                name.endsWith("/layer.tar")
                    || name.endsWith(".json") && !name.equals("index.json"));
  }

  @Test
  void anIndexListingAnAttestationThePullLeftOutIsWrittenAnewWithTheImagesOnly()
      throws IOException {
    MultiPlatformImage image =
        TestImages.multiPlatform(blobs, "1.0", Codec.GZIP, TestImages.attestationEntry());
    Path tar = out.resolve("multi.tar");
    DockerArchive.write(image, tar, compressedOci);
    TarContents contents = TarContents.read(tar);
    String written =
        contents
            .json("index.json")
            .getAsJsonObject()
            .getAsJsonArray("manifests")
            .get(0)
            .getAsJsonObject()
            .get("digest")
            .getAsString();
    assertThat(written).isNotEqualTo(image.index().orElseThrow().digest().toString());
    // Every blob the written index names is in the tarball, which skopeo copy --all needs.
    assertThat(digests(object(contents.file(blob(written)))))
        .containsExactly(
            image.images().get(0).image().manifestDigest().toString(),
            image.images().get(1).image().manifestDigest().toString());
  }

  @Test
  void aLayoutDirectoryHoldsTheSameEntriesAsTheOciTarball() throws IOException {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    Path tar = out.resolve("multi.tar");
    Path layout = out.resolve("layout");
    DockerArchive.write(image, tar, compressedOci);
    DockerArchive.writeLayout(image, layout, WriteOptions.builder().compressedLayers(true).build());

    TarContents contents = TarContents.read(tar);
    List<String> files;
    try (Stream<Path> walk = Files.walk(layout)) {
      files =
          walk.filter(Files::isRegularFile)
              .map(p -> layout.relativize(p).toString())
              .sorted()
              .toList();
    }
    assertThat(files).containsExactlyInAnyOrderElementsOf(contents.files().keySet());
    // Readable as any file the user writes, not private like the cache's and temp files.
    var expected =
        Files.getPosixFilePermissions(Files.write(out.resolve("reference"), new byte[0]));
    for (String name : files) {
      assertThat(Files.readAllBytes(layout.resolve(name))).isEqualTo(contents.file(name));
      assertThat(Files.getPosixFilePermissions(layout.resolve(name))).as(name).isEqualTo(expected);
    }
    Files.delete(out.resolve("reference"));
    assertThat(out.toFile().list()).containsExactlyInAnyOrder("multi.tar", "layout");
  }

  @Test
  void aLayoutGoesIntoAnEmptyDirectoryButNeverIntoAFullOne() throws IOException {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Path empty = Files.createDirectory(out.resolve("empty"));
    DockerArchive.writeLayout(image, empty, WriteOptions.defaults());
    assertThat(empty.resolve("oci-layout")).exists();
    // The uncompressed layers were inflated into private temp files first; the layout's are not.
    var expected =
        Files.getPosixFilePermissions(Files.write(out.resolve("reference"), new byte[0]));
    try (Stream<Path> files = Files.walk(empty)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).isEqualTo(expected);
      }
    }
    Files.delete(out.resolve("reference"));

    Path full = Files.createDirectory(out.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");
    assertThatThrownBy(() -> DockerArchive.writeLayout(image, full, WriteOptions.defaults()))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("not an empty directory");
    assertThat(full.toFile().list()).containsExactly("keep.txt");
    assertThat(out.toFile().list()).containsExactlyInAnyOrder("empty", "full");
  }

  @Test
  void readPlatformsGivesOneVerifiedImagePerPlatform() throws Exception {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    Path tar = out.resolve("multi.tar");
    DockerArchive.write(image, tar, WriteOptions.defaults());
    List<ImageSource> sources = DockerArchive.readPlatforms(tar);
    try {
      assertThat(sources).hasSize(2);
      assertThat(sources.stream().map(source -> source.platform().orElseThrow()))
          .containsExactly(Platform.of("linux", "amd64"), Platform.of("linux", "arm64"));
      for (int i = 0; i < 2; i++) {
        assertThat(sources.get(i).configBytes())
            .isEqualTo(image.images().get(i).image().configBytes());
        for (ImageSource.Layer layer : sources.get(i).layers()) {
          try (InputStream in = layer.content().open()) {
            assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(layer.diffId());
          }
        }
      }
    } finally {
      for (ImageSource source : sources) {
        source.close();
      }
    }
  }

  @Test
  void aPlatformTheTarballDoesNotHoldIsLeftOutAndTheRestStillPush() throws Exception {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    Path full = out.resolve("full.tar");
    DockerArchive.write(image, full, compressedOci);
    String armManifest = blob(image.images().get(1).image().manifestDigest().toString());
    RawTar partial = new RawTar();
    TarContents.read(full)
        .files()
        .forEach(
            (name, bytes) -> {
              if (!name.equals(armManifest)) {
                partial.file(name, bytes);
              }
            });
    Path tar = partial.writeTo(out.resolve("partial.tar"));
    List<ImageSource> sources = DockerArchive.readPlatforms(tar);
    assertThat(sources).hasSize(1);
    assertThat(sources.get(0).configBytes()).isEqualTo(image.images().get(0).image().configBytes());
    sources.get(0).close();
  }

  @Test
  void aSingleImageTarballReadsAsOnePlatformAndReadRefusesAMultiPlatformOne() throws Exception {
    PulledImage single = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Path singleTar = out.resolve("single.tar");
    DockerArchive.write(single, singleTar);
    List<ImageSource> one = DockerArchive.readPlatforms(singleTar);
    assertThat(one).hasSize(1);
    one.get(0).close();

    Path multi = out.resolve("multi.tar");
    DockerArchive.write(TestImages.multiPlatform(blobs, "1.0", Codec.GZIP), multi, compressedOci);
    assertThatThrownBy(() -> DockerArchive.read(multi))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("multi-platform")
        .hasMessageContaining("readPlatforms");
  }

  @Test
  void anIndexNestedInAnIndexIsRefusedByName() {
    byte[] inner = TestImages.ociIndex(List.of());
    byte[] outer =
        TestImages.ociIndex(List.of(TestImages.indexEntry(MediaTypes.OCI_INDEX, inner, "amd64")));
    String index =
        new String(
            TestImages.ociIndex(
                List.of(TestImages.indexEntry(MediaTypes.OCI_INDEX, outer, "unknown"))),
            StandardCharsets.UTF_8);
    Path tar =
        new RawTar()
            .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
            .file("index.json", index)
            .file(blob(Digest.sha256(outer).toString()), outer)
            .file(blob(Digest.sha256(inner).toString()), inner)
            .writeTo(out.resolve("nested.tar"));
    assertThatThrownBy(() -> DockerArchive.readPlatforms(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("nests another index");
  }

  @Test
  void aCompressedTarballsScratchCopyGoesWhenTheLastPlatformIsClosed() throws Exception {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    Path tar = out.resolve("multi.tar");
    DockerArchive.write(image, tar, compressedOci);
    Path gzipped = out.resolve("multi.tar.gz");
    Files.write(gzipped, Codec.GZIP.compress(Files.readAllBytes(tar)));
    List<Path> before = scratchCopies();

    List<ImageSource> sources = DockerArchive.readPlatforms(gzipped);
    List<Path> during = scratchCopies();
    during.removeAll(before);
    assertThat(during).hasSize(1);
    sources.get(0).close();
    sources.get(0).close(); // a second close of one image does not count twice
    assertThat(during.get(0)).exists();
    sources.get(1).close();
    assertThat(during.get(0)).doesNotExist();
  }

  @Test
  void ofSeveralMultiPlatformImagesInOneTarballTheNamedOneIsRead() throws Exception {
    MultiPlatformImage image = TestImages.multiPlatform(blobs, "1.0", Codec.GZIP);
    Path one = out.resolve("one.tar");
    DockerArchive.write(image, one, compressedOci);
    // As containerd's docker save a b: index.json names two indexes (here the same one twice).
    TarContents contents = TarContents.read(one);
    JsonObject index = contents.json("index.json").getAsJsonObject();
    JsonObject other = index.getAsJsonArray("manifests").get(0).getAsJsonObject().deepCopy();
    other
        .getAsJsonObject("annotations")
        .addProperty("io.containerd.image.name", "docker.io/library/other:2");
    index.getAsJsonArray("manifests").add(other);
    RawTar two = new RawTar();
    contents
        .files()
        .forEach(
            (name, bytes) ->
                two.file(
                    name,
                    name.equals("index.json")
                        ? index.toString().getBytes(StandardCharsets.UTF_8)
                        : bytes));
    Path tar = two.writeTo(out.resolve("two.tar"));

    assertThatThrownBy(() -> DockerArchive.readPlatforms(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("names 2 multi-platform images")
        .hasMessageContaining("--image");
    List<ImageSource> named = DockerArchive.readPlatforms(tar, "other:2");
    assertThat(named).hasSize(2);
    for (ImageSource source : named) {
      source.close();
    }
  }

  private static List<Path> scratchCopies() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return new ArrayList<>(
          files.filter(p -> p.getFileName().toString().startsWith("ecr-cname-archive-")).toList());
    }
  }
}
