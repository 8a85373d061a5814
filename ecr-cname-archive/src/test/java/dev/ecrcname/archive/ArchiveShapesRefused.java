package dev.ecrcname.archive;

import dev.ecrcname.archive.ArchiveShapes.Image;
import dev.ecrcname.archive.ArchiveShapes.Shape;
import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ArchiveShapes} that must be refused, each with the words of the rule its refusal
 * names.
 */
final class ArchiveShapesRefused {
  private ArchiveShapesRefused() {}

  static List<Shape> all() {
    Image image = ArchiveShapes.image("refused");
    byte[] legacy = ArchiveShapes.docker2010(List.of(image), List.of("shapes/refused:1"), null);
    List<Shape> shapes = new ArrayList<>();
    shapes.add(
        refused(
            "no-manifest-json-no-index-json",
            "layer files and a config, nothing naming them",
            new RawTar()
                .file("layer.tar", image.layers().get(0))
                .file(image.id().hex() + ".json", image.config())
                .bytes(),
            "docker load needs manifest.json"));
    shapes.add(
        refused(
            "pre-1.10-docker-save",
            "docker save before 1.10: repositories and <id>/json only",
            new RawTar()
                .file("aaaa/VERSION", "1.0")
                .file("aaaa/json", "{\"id\":\"aaaa\"}")
                .file("aaaa/layer.tar", image.layers().get(0))
                .file("repositories", "{\"x\":{\"1\":\"aaaa\"}}")
                .bytes(),
            "pre-1.10 layout"));
    shapes.add(
        refused(
            "null-manifest-json", "manifest.json is null", withManifest("null", image), "is null"));
    shapes.add(
        refused(
            "empty-manifest-json",
            "manifest.json is []",
            withManifest("[]", image),
            "lists no images"));
    Image other = ArchiveShapes.image("refused-other");
    shapes.add(
        refused(
            "bundle-without-image",
            "docker save a b, read without --image",
            ArchiveShapes.docker2010(
                List.of(image, other), List.of("shapes/a:1", "shapes/b:1"), null),
            "say which one to read"));
    shapes.add(
        refused(
            "layer-count-mismatch",
            "manifest.json lists fewer layers than rootfs.diff_ids",
            new RawTar()
                .file("l.tar", image.layers().get(0))
                .file("c.json", image.config())
                .file("manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"l.tar\"]}]")
                .bytes(),
            "one layer file per rootfs.diff_ids entry"));
    shapes.add(
        refused(
            "diff-id-mismatch",
            "a layer whose bytes are not its diff_id",
            diffIdMismatch(image),
            "a layer must decompress to its diff_id"));
    shapes.add(
        refused(
            "oci-config-not-its-hash",
            "a config under blobs/sha256/ whose bytes hash elsewhere",
            ociConfigElsewhere(image),
            "content-addressed and must hash to its name"));
    shapes.add(
        refused(
            "oci-layer-not-its-hash",
            "a gzip layer under blobs/sha256/ whose bytes hash elsewhere",
            ociLayerElsewhere(image),
            "content-addressed bytes"));
    shapes.add(
        refused(
            "layer-sources-lie",
            "docker 25 LayerSources describing the stored bytes with a wrong digest",
            ArchiveShapes.docker25(image, null, ArchiveShapes.layerSources(image, true)),
            "content-addressed bytes"));
    return shapes;
  }

  private static Shape refused(String name, String producer, byte[] tar, String rule) {
    return new Shape(name, producer, tar, null, null, rule, false);
  }

  private static byte[] withManifest(String manifest, Image image) {
    return new RawTar()
        .file(image.id().hex() + ".json", image.config())
        .file("manifest.json", manifest)
        .bytes();
  }

  private static byte[] diffIdMismatch(Image image) {
    RawTar tar = new RawTar().file(image.id().hex() + ".json", image.config());
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < image.layers().size(); i++) {
      // Every file holds the bottom layer: the second one is not what rootfs.diff_ids says.
      tar.file("layer-" + i + ".tar", image.layers().get(0));
      paths.add("layer-" + i + ".tar");
    }
    return tar.file(
            "manifest.json", ArchiveShapes.manifestJson(image.id().hex() + ".json", null, paths))
        .bytes();
  }

  private static byte[] ociConfigElsewhere(Image image) {
    ArchiveShapesBlobs blobs =
        ArchiveShapesBlobs.of(
            image,
            Codec.NONE,
            ArchiveShapes.OCI_LAYER,
            ArchiveShapes.OCI_CONFIG,
            ArchiveShapes.OCI_MANIFEST);
    RawTar tar = new RawTar();
    blobs.writeTo(tar);
    String config = "blobs/sha256/" + Digest.sha256("rewritten").hex();
    return tar.file(config, image.config())
        .file("manifest.json", ArchiveShapes.manifestJson(config, null, blobs.layerPaths()))
        .bytes();
  }

  private static byte[] ociLayerElsewhere(Image image) {
    RawTar tar = new RawTar().file(image.id().hex() + ".json", image.config());
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < image.layers().size(); i++) {
      String path = "blobs/sha256/" + Digest.sha256("elsewhere " + i).hex();
      tar.file(path, Codec.GZIP.compress(image.layers().get(i)));
      paths.add(path);
    }
    return tar.file(
            "manifest.json", ArchiveShapes.manifestJson(image.id().hex() + ".json", null, paths))
        .bytes();
  }
}
