package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.StandIn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our tarballs against the real consumers: the stand-in's dockerd (20.10), podman, skopeo. The
 * image is built in-process with busybox as its payload, so {@code docker run} can print files from
 * each layer.
 */
class DockerArchiveIT {
  private static final String DIR = "/etc/ecr-cname";
  private static final String DEEP =
      "/opt/" + "a-directory-name-that-is-rather-long/".repeat(4) + "deep.txt";
  private static StandIn standIn;

  @TempDir Path work;
  private final List<String> loaded = new ArrayList<>();

  /** Only the tests that run docker need dockerd; podman, skopeo and ctr run without it. */
  @BeforeAll
  static void requireStandIn() {
    standIn = StandIn.require();
  }

  @AfterEach
  void removeLoadedImages() {
    for (String name : loaded) {
      standIn.docker("rmi", name);
    }
  }

  static List<byte[]> busyboxLayers() throws IOException {
    byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
    return List.of(
        new TestImages.Layer()
            .directory("bin")
            .file("bin/busybox", busybox, 0755)
            .directory("etc")
            .directory("etc/ecr-cname")
            .file("etc/ecr-cname/bottom.txt", "bottom layer\n")
            .file("etc/ecr-cname/deleted.txt", "deleted by the top layer\n")
            .tar(),
        new TestImages.Layer()
            .directory("etc/ecr-cname")
            .file("etc/ecr-cname/middle.txt", "middle layer\n")
            .symlink("etc/ecr-cname/link", "middle.txt")
            .hardlink("etc/ecr-cname/hard", "etc/ecr-cname/middle.txt")
            .file(DEEP.substring(1), "deep file\n")
            .tar(),
        new TestImages.Layer().tar(),
        new TestImages.Layer()
            .directory("etc/ecr-cname")
            .file("etc/ecr-cname/top.txt", "top layer\n")
            .whiteout("etc/ecr-cname", "deleted.txt")
            .tar());
  }

  private PulledImage image(Codec codec) throws IOException {
    return TestImages.image(
        work.resolve("blobs"), "it-" + UUID.randomUUID(), busyboxLayers(), codec);
  }

  private String name(PulledImage image) {
    return image.reference().withDigest(null).toString();
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void dockerLoadsTheArchiveAndRunsFilesFromEveryLayer(Codec codec) throws IOException {
    assertDockerLoadsAndRuns(codec, false);
  }

  /**
   * Docker 20.10 cannot decompress zstd layers itself ("archive/tar: invalid tar header"), so gzip
   * only here.
   */
  @Test
  void dockerLoadsCompressedLayersAsPulled() throws IOException {
    assertDockerLoadsAndRuns(Codec.GZIP, true);
  }

  /**
   * docker loads the image of {@code codec}, written with or without compressed layers, and runs
   * it.
   */
  private void assertDockerLoadsAndRuns(Codec codec, boolean compressedLayers) throws IOException {
    standIn.requireDocker();
    PulledImage image = image(codec);
    assertLoadsAndRuns(image, write(image, compressedLayers));
  }

  @Test
  void imagePulledByDigestLoadsUnnamedUnderItsImageId() throws IOException {
    standIn.requireDocker();
    PulledImage byTag = image(Codec.GZIP);
    PulledImage byDigest =
        DockerArchiveWriteTest.withReference(byTag, byTag.manifestDigest().toString());
    Path tar = write(byDigest, false);

    String loaded = standIn.docker("load", "-i", tar.toString()).succeeded().stdout();
    assertThat(loaded).contains("Loaded image ID: " + byDigest.imageId());
    String id = byDigest.imageId().toString();
    String out =
        standIn
            .docker("run", "--rm", "--network", "none", id, "busybox", "cat", DIR + "/top.txt")
            .succeeded()
            .stdout();
    assertThat(out).isEqualTo("top layer\n");
    standIn.docker("rmi", byDigest.imageId().toString());
  }

  private void assertLoadsAndRuns(PulledImage image, Path tar) {
    String name = name(image);
    loaded.add(name);
    standIn.docker("load", "-i", tar.toString()).succeeded();

    assertThat(
            standIn
                .docker("image", "inspect", "--format", "{{.Id}}", name)
                .succeeded()
                .stdout()
                .trim())
        .isEqualTo(image.imageId().toString());
    String script =
        "cat top.txt middle.txt bottom.txt link hard "
            + DEEP
            + ";"
            + " readlink link;"
            + " test ! -e deleted.txt && echo deleted.txt is hidden;"
            + " test $(stat -c %i middle.txt) = $(stat -c %i hard) && echo hard is a hard link";
    String out =
        standIn
            .docker(
                "run", "--rm", "--network", "none", "-w", DIR, name, "busybox", "sh", "-c", script)
            .succeeded()
            .stdout();
    assertThat(out)
        .isEqualTo(
            "top layer\nmiddle layer\nbottom layer\nmiddle layer\nmiddle layer\ndeep file\n"
                + "middle.txt\ndeleted.txt is hidden\nhard is a hard link\n");
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void podmanLoadsTheArchiveWithTheSameImageId(Codec codec) throws IOException {
    PulledImage image = image(codec);
    Path tar = write(image, codec != Codec.NONE);

    Path podman = work.resolve("podman");
    Command.podman(podman).args("load", "-i", tar.toString()).run().succeeded();
    String id =
        Command.podman(podman)
            .args("image", "inspect", "--format", "{{.Id}}", name(image))
            .run()
            .succeeded()
            .stdout()
            .trim();
    assertThat("sha256:" + id).isEqualTo(image.imageId().toString());
  }

  @Test
  void skopeoInspectsItAsADockerArchive() throws IOException {
    List<byte[]> layers = busyboxLayers();
    PulledImage image = TestImages.image(work.resolve("blobs"), "1.0", layers, Codec.ZSTD);
    Path tar = write(image, false);

    String json =
        Command.of("skopeo", "inspect", "docker-archive:" + tar).run().succeeded().stdout();
    JsonArray reported = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("Layers");
    List<String> diffIds = TestImages.diffIds(layers).stream().map(Digest::toString).toList();
    assertThat(reported.asList())
        .extracting(e -> e.getAsString())
        .containsExactlyElementsOf(diffIds);
  }

  @ParameterizedTest
  @EnumSource(
      value = Codec.class,
      names = {"GZIP", "NONE"})
  void skopeoCopiesItAsAnOciArchive(Codec codec) throws IOException {
    PulledImage image = image(codec);
    Path tar = write(image, codec == Codec.GZIP);

    Path dir = work.resolve("copied");
    Command.of("skopeo", "copy", "oci-archive:" + tar, "dir:" + dir).run().succeeded();
    assertThat(dir.resolve(image.imageId().hex())).hasBinaryContent(image.configBytes());
    for (PulledImage.Layer layer : image.layers()) {
      Digest stored =
          codec == Codec.GZIP
              ? layer.descriptor().digest()
              : Digest.sha256(Files.readAllBytes(layer.blob()));
      assertThat(dir.resolve(stored.hex())).exists();
    }
  }

  /**
   * containerd reads only index.json when oci-layout exists, and unpacking checks every layer
   * against its diff_id.
   */
  @ParameterizedTest
  @EnumSource(
      value = Codec.class,
      names = {"GZIP", "ZSTD"})
  void containerdImportsItThroughIndexJson(Codec codec) throws IOException {
    PulledImage image = image(codec);
    Path tar = write(image, codec == Codec.ZSTD);

    // The containerd scripts/standin started for its dockerd, never the machine's
    // (containerd.service).
    // It runs only where dockerd does (root).
    standIn.requireDocker();
    String socket = standIn.containerdAddress();
    assertThat(socket)
        .as("CONTAINERD_ADDRESS in standin.env; restart the stand-in with scripts/standin start")
        .isNotEmpty();
    List<String> ctr =
        List.of("ctr", "--address", socket, "-n", "ecr-cname-archive-it-" + UUID.randomUUID());
    try {
      run(ctr, "images", "import", tar.toString()).succeeded();
      assertThat(run(ctr, "images", "ls", "-q").succeeded().stdout().trim()).isEqualTo(name(image));
      String listing =
          run(ctr, "images", "ls").succeeded().stdout().lines().skip(1).findFirst().orElseThrow();
      String manifest = run(ctr, "content", "get", listing.split("\\s+")[2]).succeeded().stdout();
      JsonObject config =
          JsonParser.parseString(manifest).getAsJsonObject().getAsJsonObject("config");
      assertThat(config.get("digest").getAsString()).isEqualTo(image.imageId().toString());
    } finally {
      run(ctr, "images", "rm", "--sync", name(image));
      run(List.of(ctr.get(0), ctr.get(1), ctr.get(2)), "namespaces", "rm", ctr.get(4));
    }
  }

  @Test
  void readRoundTripsARealDockerSave() throws IOException {
    standIn.requireDocker();
    PulledImage image = image(Codec.GZIP);
    Path tar = write(image, false);
    loaded.add(name(image));
    standIn.docker("load", "-i", tar.toString()).succeeded();
    Path saved = work.resolve("saved.tar");
    standIn.docker("save", "-o", saved.toString(), name(image)).succeeded();

    try (ImageSource source = DockerArchive.read(saved)) {
      assertThat(source.configBytes()).isEqualTo(image.configBytes());
      assertThat(source.names()).containsExactly(name(image));
      List<Digest> diffIds = ImageConfig.parse(image.configBytes(), "test").diffIds();
      assertThat(source.layers())
          .extracting(ImageSource.Layer::diffId)
          .containsExactlyElementsOf(diffIds);
      for (ImageSource.Layer layer : source.layers()) {
        try (InputStream in = layer.content().open()) {
          assertThat(in.transferTo(java.io.OutputStream.nullOutputStream()))
              .isEqualTo(layer.size());
        }
      }
    }
  }

  /** Writes {@code image} to image.tar in the work directory. */
  private Path write(PulledImage image, boolean compressedLayers) throws IOException {
    Path tar = work.resolve("image.tar");
    DockerArchive.write(
        image, tar, WriteOptions.builder().compressedLayers(compressedLayers).build());
    return tar;
  }

  private static Command.Result run(List<String> prefix, String... args) {
    return Command.of(prefix).args(args).run();
  }
}
