package dev.ecrcname.archive;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Tarballs in the shapes real producers write (issue 16), built here from scratch, entry by entry,
 * after each producer's documented layout: Docker 20.10 and 25+ {@code docker save}, containerd's
 * {@code ctr export}, podman's docker-archive and oci-archive, plus the odd and broken ones. Every
 * image carries an empty layer, whiteouts (a {@code .wh.} file and an opaque directory), a symlink,
 * a hard link and a duplicated layer, and a label naming its shape, so each shape has its own image
 * ID. docs/archive-inputs.md is the table of these shapes.
 */
final class ArchiveShapes {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";

  private ArchiveShapes() {}

  /**
   * One tarball and what must become of it.
   *
   * @param imageName the {@code --image} to read it with, or null
   * @param config the config push must send (the image ID is its sha256), or null when the shape is
   *     refused
   * @param refusal the rule a refusal names, or null when it is accepted
   * @param dockerLoads whether docker load (20.10, the stand-in's) loads it; false only where
   *     docker cannot
   */
  record Shape(
      String name,
      String producer,
      byte[] tar,
      @Nullable String imageName,
      byte @Nullable [] config,
      @Nullable String refusal,
      boolean dockerLoads) {
    @Override
    public String toString() {
      return name;
    }

    Digest imageId() {
      if (config == null) {
        throw new IllegalStateException(name + " is refused; it has no image ID");
      }
      return Digest.sha256(config);
    }
  }

  /** An image: its layer tars, bottom first, and its config. */
  record Image(List<byte[]> layers, byte[] config) {
    Digest id() {
      return Digest.sha256(config);
    }

    List<Digest> diffIds() {
      return TestImages.diffIds(layers);
    }
  }

  static Image image(String label) {
    byte[] base =
        new TestImages.Layer()
            .directory("etc")
            .file("etc/kept.txt", "kept\n")
            .file("etc/gone.txt", "removed by a whiteout above\n")
            .symlink("etc/link", "kept.txt")
            .hardlink("etc/hard", "etc/kept.txt")
            .directory("opt")
            .file("opt/old.txt", "hidden by an opaque directory above\n")
            .tar();
    byte[] empty = new TestImages.Layer().tar();
    byte[] whiteouts =
        new TestImages.Layer()
            .directory("etc")
            .whiteout("etc", "gone.txt")
            .directory("opt")
            .file("opt/.wh..wh..opq", new byte[0], 0644)
            .file("opt/new.txt", "new\n")
            .tar();
    // The base layer again on top: docker save stores a repeated layer once and links the second
    // use to it.
    List<byte[]> layers = List.of(base, empty, whiteouts, base);
    String diffIds =
        TestImages.diffIds(layers).stream()
            .map(d -> "\"" + d + "\"")
            .collect(Collectors.joining(","));
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"shape\":\""
            + label
            + "\"}},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + diffIds
            + "]}}";
    return new Image(layers, config.getBytes(StandardCharsets.UTF_8));
  }

  /** Every shape, accepted ones first. */
  static List<Shape> all() {
    List<Shape> shapes = new ArrayList<>(accepted());
    shapes.addAll(ArchiveShapesRefused.all());
    return shapes;
  }

  static List<Shape> accepted() {
    List<Shape> shapes = new ArrayList<>();
    Image legacy = image("docker-20.10");
    byte[] d20 = docker2010(List.of(legacy), List.of("shapes/d20:1"), null);
    shapes.add(ok("docker-20.10-save", "docker save (20.10)", d20, null, legacy));
    Image byId = image("docker-20.10-by-id");
    shapes.add(
        ok(
            "docker-20.10-save-by-id",
            "docker save <id> (20.10): RepoTags null, no repositories",
            docker2010(List.of(byId), null, null),
            null,
            byId));
    Image renamed = image("config-not-named-by-hash");
    shapes.add(
        ok(
            "config-not-named-by-hash",
            "older build tools: legacy <hex>.json whose bytes hash elsewhere",
            docker2010(
                List.of(renamed),
                List.of("shapes/renamed:1"),
                Digest.sha256("rewritten after naming").hex()),
            null,
            renamed));
    Image first = image("bundle-first");
    Image second = image("bundle-second");
    byte[] bundle =
        docker2010(List.of(first, second), List.of("shapes/first:1", "shapes/second:1"), null);
    shapes.add(
        ok(
            "bundle-by-name",
            "docker save a b, read with --image",
            bundle,
            "shapes/second:1",
            second));
    shapes.add(
        ok(
            "bundle-by-id",
            "docker save a b, read with --image <id>",
            bundle,
            second.id().toString(),
            second));
    Image d25 = image("docker-25");
    shapes.add(
        ok(
            "docker-25-save",
            "docker save (25+): OCI layout plus manifest.json into blobs/",
            docker25(d25, "shapes/d25:1", Map.of()),
            null,
            d25));
    Image sources = image("docker-25-layer-sources");
    shapes.add(
        ok(
            "docker-25-save-untagged-layer-sources",
            "docker save (25+) of an untagged image with LayerSources",
            docker25(sources, null, layerSources(sources, false)),
            null,
            sources));
    Image ctr = image("ctr-export");
    shapes.add(
        ok(
            "ctr-export",
            "ctr export (containerd 1.6): OCI layout, gzip blobs, manifest.json",
            ctrExport(ctr, "docker.io/shapes/ctr:1", true),
            null,
            ctr));
    Image ctrOnly = image("ctr-export-oci-only");
    shapes.add(
        new Shape(
            "ctr-export-skip-manifest-json",
            "ctr export --skip-manifest-json: OCI layout only",
            ctrExport(ctrOnly, "docker.io/shapes/ctr-oci:1", false),
            null,
            ctrOnly.config(),
            null,
            false));
    Image podman = image("podman-docker-archive");
    shapes.add(
        ok(
            "podman-docker-archive",
            "podman save --format docker-archive",
            podmanDockerArchive(podman),
            null,
            podman));
    Image podmanOci = image("podman-oci-archive");
    shapes.add(
        new Shape(
            "podman-oci-archive",
            "podman save --format oci-archive",
            ociArchive(List.of(podmanOci)),
            null,
            podmanOci.config(),
            null,
            false));
    Image ociFirst = image("oci-bundle-first");
    Image ociSecond = image("oci-bundle-second");
    shapes.add(
        new Shape(
            "oci-archive-bundle-by-name",
            "an oci-archive holding two images, read with --image",
            ociArchive(List.of(ociFirst, ociSecond)),
            "localhost/shapes/oci-1:1",
            ociSecond.config(),
            null,
            false));
    Image hard = image("hard-linked-layer");
    shapes.add(
        ok(
            "hard-linked-layer-file",
            "a layer.tar that is a hard link to another entry",
            hardLinked(hard),
            null,
            hard));
    shapes.addAll(ArchiveShapesBrokenIndex.all());
    return shapes;
  }

  private static Shape ok(
      String name, String producer, byte[] tar, @Nullable String imageName, Image image) {
    return new Shape(name, producer, tar, imageName, image.config(), null, true);
  }

  /**
   * Docker 20.10's layout: {@code <v1 id>/VERSION, json, layer.tar} per layer, where a layer
   * already written under another id is a symlink to it; the config at {@code <hex>.json}; {@code
   * repositories} for tagged images.
   */
  static byte[] docker2010(
      List<Image> images, @Nullable List<String> repoTags, @Nullable String configHex) {
    RawTar tar = new RawTar();
    Map<Digest, String> written = new LinkedHashMap<>();
    List<String> items = new ArrayList<>();
    Map<String, String> repositories = new LinkedHashMap<>();
    for (int n = 0; n < images.size(); n++) {
      Image image = images.get(n);
      List<String> paths = new ArrayList<>();
      String parent = "";
      for (int i = 0; i < image.layers().size(); i++) {
        String id = Digest.sha256(image.id() + "/" + i).hex();
        tar.entry(id + "/", TarHeaders.DIRECTORY, new byte[0])
            .file(id + "/VERSION", "1.0")
            .file(
                id + "/json",
                "{\"id\":\""
                    + id
                    + "\""
                    + (parent.isEmpty() ? "" : ",\"parent\":\"" + parent + "\"")
                    + "}");
        Digest diffId = image.diffIds().get(i);
        if (written.containsKey(diffId)) {
          tar.symlink(id + "/layer.tar", "../" + written.get(diffId));
        } else {
          tar.file(id + "/layer.tar", image.layers().get(i));
          written.put(diffId, id + "/layer.tar");
        }
        paths.add(id + "/layer.tar");
        parent = id;
      }
      String config = (configHex != null ? configHex : image.id().hex()) + ".json";
      tar.file(config, image.config());
      String tags = repoTags == null ? "null" : "[\"" + repoTags.get(n) + "\"]";
      items.add(
          "{\"Config\":\""
              + config
              + "\",\"RepoTags\":"
              + tags
              + ",\"Layers\":"
              + strings(paths)
              + "}");
      if (repoTags != null) {
        String[] repoTag = repoTags.get(n).split(":");
        repositories.put(repoTag[0], "{\"" + repoTag[1] + "\":\"" + parent + "\"}");
      }
    }
    tar.file("manifest.json", "[" + String.join(",", items) + "]");
    if (!repositories.isEmpty()) {
      tar.file(
          "repositories",
          repositories.entrySet().stream()
              .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
              .collect(Collectors.joining(",", "{", "}")));
    }
    return tar.bytes();
  }

  /**
   * Docker 25+: uncompressed layers, config and an OCI manifest in {@code blobs/sha256/}, and
   * manifest.json.
   */
  static byte[] docker25(Image image, @Nullable String repoTag, Map<Digest, String> layerSources) {
    return docker25(image, repoTag, layerSources, null);
  }

  /** As above, with {@code indexJson} as {@code index.json} when not null. */
  static byte[] docker25(
      Image image,
      @Nullable String repoTag,
      Map<Digest, String> layerSources,
      @Nullable String indexJson) {
    RawTar tar =
        new RawTar()
            .entry("blobs/", TarHeaders.DIRECTORY, new byte[0])
            .entry("blobs/sha256/", TarHeaders.DIRECTORY, new byte[0]);
    ArchiveShapesBlobs blobs =
        ArchiveShapesBlobs.of(image, Codec.NONE, OCI_LAYER, OCI_CONFIG, OCI_MANIFEST);
    blobs.writeTo(tar);
    String annotations =
        repoTag == null
            ? ""
            : nameAnnotations("docker.io/" + repoTag, repoTag.substring(repoTag.indexOf(':') + 1));
    tar.file("index.json", indexJson != null ? indexJson : blobs.index(annotations))
        .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    String sources =
        layerSources.isEmpty()
            ? ""
            : ",\"LayerSources\":"
                + layerSources.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
    String tags = repoTag == null ? "null" : "[\"" + repoTag + "\"]";
    tar.file(
        "manifest.json",
        "[{\"Config\":\""
            + blobs.configPath()
            + "\",\"RepoTags\":"
            + tags
            + ",\"Layers\":"
            + strings(blobs.layerPaths())
            + sources
            + "}]");
    return tar.bytes();
  }

  /**
   * LayerSources as Docker 25 writes them for layers from elsewhere: the source blob's descriptor
   * per diff_id. One describes the stored bytes (same size; its digest is checked); one a foreign
   * blob not in the archive.
   */
  static Map<Digest, String> layerSources(Image image, boolean lie) {
    byte[] whiteouts = image.layers().get(2);
    Digest described = lie ? Digest.sha256("not the stored bytes") : Digest.sha256(whiteouts);
    return Map.of(
        image.diffIds().get(2),
        descriptor(OCI_LAYER, described, whiteouts.length),
        image.diffIds().get(0),
        "{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\"size\":123456,\"digest\":\""
            + Digest.sha256("a foreign blob")
            + "\",\"urls\":[\"https://example.com/layer\"]}");
  }

  /**
   * containerd's export: gzip blobs as pulled, a Docker v2 manifest, index.json and (by default)
   * manifest.json.
   */
  static byte[] ctrExport(Image image, String name, boolean manifestJson) {
    RawTar tar = new RawTar();
    String config = "application/vnd.docker.container.image.v1+json";
    ArchiveShapesBlobs blobs =
        ArchiveShapesBlobs.of(
            image, Codec.GZIP, Codec.GZIP.mediaType, config, TestImages.DOCKER_MANIFEST);
    blobs.writeTo(tar);
    String annotations = nameAnnotations(name, name.substring(name.lastIndexOf(':') + 1));
    tar.file("index.json", blobs.index(annotations))
        .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    if (manifestJson) {
      tar.file(
          "manifest.json",
          manifestJson(blobs.configPath(), strings(List.of(name)), blobs.layerPaths()));
    }
    return tar.bytes();
  }

  /**
   * podman's docker-archive (containers/image): {@code <diff_id hex>.tar} layers, {@code
   * <hex>.json} config, legacy {@code <id>/layer.tar} symlinks to the layers, {@code localhost/}
   * names.
   */
  static byte[] podmanDockerArchive(Image image) {
    RawTar tar = new RawTar();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < image.layers().size(); i++) {
      String path = image.diffIds().get(i).hex() + ".tar";
      if (!paths.contains(path)) {
        tar.file(path, image.layers().get(i));
      }
      paths.add(path);
    }
    String top = "";
    for (int i = 0; i < paths.size(); i++) {
      top = Digest.sha256(image.id() + "/" + i).hex();
      tar.file(top + "/VERSION", "1.0")
          .file(top + "/json", "{\"id\":\"" + top + "\"}")
          .symlink(top + "/layer.tar", "../" + paths.get(i));
    }
    String config = image.id().hex() + ".json";
    return tar.file(config, image.config())
        .file(
            "manifest.json",
            manifestJson(config, strings(List.of("localhost/shapes/podman:1")), paths))
        .file("repositories", "{\"localhost/shapes/podman\":{\"1\":\"" + top + "\"}}")
        .bytes();
  }

  /**
   * An oci-archive (podman, skopeo): OCI layout only, images told apart by
   * org.opencontainers.image.ref.name.
   */
  static byte[] ociArchive(List<Image> images) {
    RawTar tar = new RawTar().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    List<String> descriptors = new ArrayList<>();
    Set<String> written = new HashSet<>();
    for (int n = 0; n < images.size(); n++) {
      ArchiveShapesBlobs blobs =
          ArchiveShapesBlobs.of(
              images.get(n), Codec.GZIP, OCI_LAYER + "+gzip", OCI_CONFIG, OCI_MANIFEST);
      blobs.writeTo(tar, written);
      String ref = "localhost/shapes/oci-" + n + ":1";
      descriptors.add(
          blobs.manifestDescriptor(
              ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + ref + "\"}"));
    }
    return tar.file(
            "index.json",
            "{\"schemaVersion\":2,\"manifests\":[" + String.join(",", descriptors) + "]}")
        .bytes();
  }

  /** A legacy layout whose layer files are hard links to entries elsewhere in the tar. */
  static byte[] hardLinked(Image image) {
    RawTar tar = new RawTar();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < image.layers().size(); i++) {
      tar.file("store/" + i, image.layers().get(i)).hardlink("layer-" + i + ".tar", "store/" + i);
      paths.add("layer-" + i + ".tar");
    }
    String config = image.id().hex() + ".json";
    return tar.file(config, image.config())
        .file("manifest.json", manifestJson(config, strings(List.of("shapes/hard:1")), paths))
        .bytes();
  }

  /**
   * A manifest.json of one image: its config, {@code repoTags} (a JSON value; null leaves the field
   * out) and its layers.
   */
  static String manifestJson(String config, @Nullable String repoTags, List<String> layers) {
    return "[{\"Config\":\""
        + config
        + "\""
        + (repoTags == null ? "" : ",\"RepoTags\":" + repoTags)
        + ",\"Layers\":"
        + strings(layers)
        + "}]";
  }

  static String descriptor(String mediaType, Digest digest, long size) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"size\":"
        + size
        + ",\"digest\":\""
        + digest
        + "\"}";
  }

  /** An index entry's annotations naming its image, as containerd and docker write them. */
  static String nameAnnotations(String imageName, String refName) {
    return ",\"annotations\":{\"io.containerd.image.name\":\""
        + imageName
        + "\",\"org.opencontainers.image.ref.name\":\""
        + refName
        + "\"}";
  }

  static String strings(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
  }
}
