package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DockerArchive#read} on archives real tools wrote: Docker 20.10's {@code docker save} and
 * skopeo.
 */
class ArchiveReadIT {
  private static StandIn standIn;

  @TempDir Path work;

  /** Only the tests that run docker need dockerd; the skopeo one runs without it. */
  @BeforeAll
  static void requireStandIn() {
    standIn = StandIn.require();
  }

  @Test
  void readsTheDockerSaveOfAnImagePulledFromTheRegistry() throws IOException {
    standIn.requireDocker();
    String name = standIn.registryAuthority() + "/app/small:1.0";
    standIn.docker("pull", "-q", name).succeeded();
    Path saved = work.resolve("saved.tar");
    standIn.docker("save", "-o", saved.toString(), name).succeeded();
    String imageId =
        standIn.docker("image", "inspect", "--format", "{{.Id}}", name).succeeded().stdout().trim();

    try (ImageSource source = DockerArchive.read(saved)) {
      assertThat(Digest.sha256(source.configBytes()).toString()).isEqualTo(imageId);
      assertThat(source.names()).contains(name);
      Map<String, String> files = new HashMap<>();
      for (ImageSource.Layer layer : source.layers()) {
        files.putAll(regularFiles(DockerArchiveReadTest.content(layer), layer.compression()));
      }
      String top = Seed.TOP_FILE.substring(1);
      assertThat(files.get(top)).isEqualTo(Seed.of(standIn).files().get(Seed.TOP_FILE));
    }
  }

  @Test
  void readsEachImageOfADockerSaveHoldingSeveral() throws IOException {
    standIn.requireDocker();
    List<byte[]> layers = DockerArchiveIT.busyboxLayers();
    PulledImage ours =
        TestImages.image(work.resolve("blobs"), "it-" + UUID.randomUUID(), layers, Codec.GZIP);
    String ourName = ours.reference().withDigest(null).toString();
    Path tar = work.resolve("ours.tar");
    DockerArchive.write(ours, tar);
    standIn.docker("load", "-i", tar.toString()).succeeded();
    String seeded = standIn.registryAuthority() + "/app/small:1.0";
    standIn.docker("pull", "-q", seeded).succeeded();
    Path saved = work.resolve("saved.tar");
    try {
      standIn.docker("save", "-o", saved.toString(), ourName, seeded).succeeded();
    } finally {
      standIn.docker("rmi", ourName);
    }

    try (ImageSource source = DockerArchive.read(saved, ourName)) {
      assertThat(source.configBytes()).isEqualTo(ours.configBytes());
      assertThat(diffIds(source)).containsExactlyElementsOf(sha256s(layers));
    }
    try (ImageSource source = DockerArchive.read(saved, seeded)) {
      assertThat(source.names()).contains(seeded);
      assertThat(source.configBytes()).isNotEqualTo(ours.configBytes());
      assertThat(diffIds(source)).containsExactlyElementsOf(configDiffIds(source));
    }
  }

  @Test
  void readsWhatSkopeoWritesAsDockerAndOciArchives() throws IOException {
    PulledImage image =
        TestImages.image(work.resolve("blobs"), "1.0", DockerArchiveIT.busyboxLayers(), Codec.GZIP);
    Path ours = work.resolve("ours.tar");
    DockerArchive.write(image, ours);
    Path oci = work.resolve("skopeo-oci.tar");
    Path docker = work.resolve("skopeo-docker.tar");
    Command.of("skopeo", "copy", "docker-archive:" + ours, "oci-archive:" + oci + ":app")
        .run()
        .succeeded();
    Command.of("skopeo", "copy", "docker-archive:" + ours, "docker-archive:" + docker + ":app:1")
        .run()
        .succeeded();

    for (Path archive : List.of(oci, docker)) {
      try (ImageSource source = DockerArchive.read(archive)) {
        assertThat(source.configBytes()).as(archive.toString()).isEqualTo(image.configBytes());
        assertThat(diffIds(source))
            .as(archive.toString())
            .containsExactlyElementsOf(sha256s(DockerArchiveIT.busyboxLayers()));
      }
    }
  }

  /** The sha256 of each layer as read back, uncompressed: what the image's diff_ids must say. */
  private static List<String> diffIds(ImageSource source) throws IOException {
    List<String> diffIds = new ArrayList<>();
    for (ImageSource.Layer layer : source.layers()) {
      InputStream in = new ByteArrayInputStream(DockerArchiveReadTest.content(layer));
      if (layer.compression() == dev.ecrcname.core.Compression.GZIP) {
        in = new GZIPInputStream(in);
      } else {
        assertThat(layer.compression()).isEqualTo(dev.ecrcname.core.Compression.NONE);
      }
      try (InputStream content = in) {
        diffIds.add(Digest.sha256(content.readAllBytes()).toString());
      }
    }
    return diffIds;
  }

  private static List<String> sha256s(List<byte[]> layers) {
    return layers.stream().map(layer -> Digest.sha256(layer).toString()).toList();
  }

  private static List<String> configDiffIds(ImageSource source) {
    return com.google.gson.JsonParser.parseString(
            new String(source.configBytes(), StandardCharsets.UTF_8))
        .getAsJsonObject()
        .getAsJsonObject("rootfs")
        .getAsJsonArray("diff_ids")
        .asList()
        .stream()
        .map(com.google.gson.JsonElement::getAsString)
        .toList();
  }

  private static Map<String, String> regularFiles(
      byte[] stored, dev.ecrcname.core.Compression compression) throws IOException {
    Map<String, String> files = new HashMap<>();
    InputStream in = new ByteArrayInputStream(stored);
    if (compression == dev.ecrcname.core.Compression.GZIP) {
      in = new GZIPInputStream(in);
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        if (entry.isFile()) {
          files.put(
              entry.getName().replaceFirst("^\\./", ""),
              new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }
}
