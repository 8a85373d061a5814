package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reading tarballs back, in every layout push must accept. Hostile archives are in {@link
 * HostileArchiveTest}.
 */
class DockerArchiveReadTest {
  @TempDir Path blobs;
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Codec.class)
  void readsBackItsOwnUncompressedOutput(Codec codec) throws IOException {
    List<byte[]> tars = TestImages.standardLayers();
    PulledImage image = TestImages.image(blobs, "1.0", tars, codec);
    Path tar = dir.resolve("image.tar");
    DockerArchive.write(image, tar);

    try (ImageSource source = DockerArchive.read(tar)) {
      assertThat(source.configBytes()).isEqualTo(image.configBytes());
      assertThat(source.names())
          .containsExactly(TestImages.REGISTRY + "/" + TestImages.REPOSITORY + ":1.0");
      assertThat(source.layers()).hasSize(tars.size());
      for (int i = 0; i < tars.size(); i++) {
        ImageSource.Layer layer = source.layers().get(i);
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(tars.get(i)));
        assertThat(layer.compression()).isEqualTo(Compression.NONE);
        assertThat(layer.storedDigest()).isEqualTo(layer.diffId());
        assertThat(layer.size()).isEqualTo(tars.get(i).length);
        assertThat(content(layer)).isEqualTo(tars.get(i));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Codec.class,
      names = {"GZIP", "ZSTD"})
  void readsBackItsOwnCompressedOutputAsStoredBlobs(Codec codec) throws IOException {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), codec);
    Path tar = dir.resolve("image.tar");
    DockerArchive.write(image, tar, WriteOptions.builder().compressedLayers(true).build());

    try (ImageSource source = DockerArchive.read(tar)) {
      for (int i = 0; i < image.layers().size(); i++) {
        PulledImage.Layer pulled = image.layers().get(i);
        ImageSource.Layer layer = source.layers().get(i);
        assertThat(layer.compression()).isEqualTo(Compression.valueOf(codec.name()));
        assertThat(layer.storedDigest()).isEqualTo(pulled.descriptor().digest());
        assertThat(content(layer)).isEqualTo(Files.readAllBytes(pulled.blob()));
      }
    }
  }

  @Test
  void readsTheDocker2010LayoutWithLayerTarDirectories() throws IOException {
    List<byte[]> tars = TestImages.standardLayers().subList(0, 2);
    byte[] config = TestImages.config(TestImages.diffIds(tars));
    String hex = Digest.sha256(config).hex();
    String manifest =
        "[{\"Config\":\""
            + hex
            + ".json\",\"RepoTags\":[\"busybox:latest\"],"
            + "\"Layers\":[\"aaaa/layer.tar\",\"bbbb/layer.tar\"]}]";
    Path tar =
        new RawTar()
            .file("aaaa/VERSION", "1.0")
            .file("aaaa/layer.tar", tars.get(0))
            .file("bbbb/VERSION", "1.0")
            .file("bbbb/layer.tar", tars.get(1))
            .file(hex + ".json", config)
            .file("manifest.json", manifest)
            .writeTo(dir.resolve("docker-20.tar"));

    try (ImageSource source = DockerArchive.read(tar)) {
      assertThat(source.configBytes()).isEqualTo(config);
      assertThat(source.names()).containsExactly("busybox:latest");
      assertThat(content(source.layers().get(1))).isEqualTo(tars.get(1));
    }
  }

  @Test
  void readsCraneTarballsWithGzipLayersNamedByDigest() throws IOException {
    List<byte[]> tars = TestImages.standardLayers();
    byte[] config = TestImages.config(TestImages.diffIds(tars));
    RawTar raw = new RawTar().file("sha256:" + Digest.sha256(config).hex(), config);
    StringBuilder layers = new StringBuilder();
    for (byte[] layer : tars) {
      byte[] gzipped = Codec.GZIP.compress(layer);
      String name = Digest.sha256(gzipped).hex() + ".tar.gz";
      raw.file(name, gzipped);
      layers.append(layers.length() == 0 ? "" : ",").append('"').append(name).append('"');
    }
    String manifest =
        "[{\"Config\":\"sha256:"
            + Digest.sha256(config).hex()
            + "\",\"RepoTags\":[\"app:1\"],\"Layers\":["
            + layers
            + "]}]";
    Path tar = raw.file("manifest.json", manifest).writeTo(dir.resolve("crane.tar"));

    try (ImageSource source = DockerArchive.read(tar, "docker.io/library/app:1")) {
      ImageSource.Layer first = source.layers().get(0);
      assertThat(first.compression()).isEqualTo(Compression.GZIP);
      // crane names layers by digest, but that is a legacy name, not a content address: push hashes
      // the bytes.
      assertThat(first.storedDigest()).isNull();
      assertThat(content(first)).isEqualTo(Codec.GZIP.compress(tars.get(0)));
    }
    // push --image reads through readPlatforms: a tarball without an index gives the named image.
    List<ImageSource> named = DockerArchive.readPlatforms(tar, "app:1");
    assertThat(named).hasSize(1);
    assertThat(named.get(0).configBytes()).isEqualTo(config);
    named.get(0).close();
  }

  @Test
  void readsAnOciLayoutWithoutManifestJson() throws IOException {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.ZSTD);
    RawTar raw = new RawTar().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    for (PulledImage.Layer layer : image.layers()) {
      raw.file(
          "blobs/sha256/" + layer.descriptor().digest().hex(), Files.readAllBytes(layer.blob()));
    }
    raw.file("blobs/sha256/" + image.imageId().hex(), image.configBytes())
        .file("blobs/sha256/" + image.manifestDigest().hex(), image.manifest());
    String index =
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
            + TestImages.DOCKER_MANIFEST
            + "\",\"digest\":\""
            + image.manifestDigest()
            + "\",\"size\":"
            + image.manifest().length
            + ",\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/app:1\"}}]}";
    Path tar = raw.file("index.json", index).writeTo(dir.resolve("oci.tar"));

    try (ImageSource source = DockerArchive.read(tar)) {
      assertThat(source.configBytes()).isEqualTo(image.configBytes());
      assertThat(source.names()).containsExactly("docker.io/library/app:1");
      assertThat(source.layers().get(3).storedDigest())
          .isEqualTo(image.layers().get(3).descriptor().digest());
      assertThat(content(source.layers().get(3)))
          .isEqualTo(Files.readAllBytes(image.layers().get(3).blob()));
    }
  }

  @Test
  void readsAGzippedTarballAndDeletesItsScratchCopyOnClose() throws IOException {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Path tar = dir.resolve("image.tar");
    DockerArchive.write(image, tar);
    Path gzipped = dir.resolve("image.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
      Files.copy(tar, out);
    }
    long scratchBefore = scratchFiles();

    try (ImageSource source = DockerArchive.read(gzipped)) {
      assertThat(source.configBytes()).isEqualTo(image.configBytes());
      assertThat(content(source.layers().get(1))).hasSize((int) source.layers().get(1).size());
      assertThat(scratchFiles()).isEqualTo(scratchBefore + 1);
    }
    assertThat(scratchFiles()).isEqualTo(scratchBefore);
  }

  @Test
  void choosesOneOfSeveralImagesByName() throws IOException {
    PulledImage first =
        TestImages.image(blobs.resolve("a"), "1.0", TestImages.standardLayers(), Codec.GZIP);
    List<byte[]> other = List.of(new TestImages.Layer().file("only.txt", "only\n").tar());
    PulledImage second = TestImages.image(blobs.resolve("b"), "2.0", other, Codec.GZIP);
    Path tar = dir.resolve("both.tar");
    DockerArchive.write(List.of(first, second), tar, WriteOptions.defaults());

    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("holds 2 images")
        .hasMessageContaining(":2.0");
    try (ImageSource source =
        DockerArchive.read(tar, TestImages.REGISTRY + "/" + TestImages.REPOSITORY + ":2.0")) {
      assertThat(source.configBytes()).isEqualTo(second.configBytes());
    }
    try (ImageSource source = DockerArchive.read(tar, first.imageId().toString())) {
      assertThat(source.configBytes()).isEqualTo(first.configBytes());
    }
  }

  static byte[] content(ImageSource.Layer layer) {
    try (InputStream in = layer.content().open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long scratchFiles() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("ecr-cname-archive-")).count();
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
