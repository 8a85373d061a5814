package dev.ecrcname.archive;

import dev.ecrcname.archive.ArchiveShapes.Image;
import dev.ecrcname.archive.ArchiveShapes.Shape;
import dev.ecrcname.core.Digest;
import java.util.List;
import java.util.Map;

/**
 * {@code docker save} tarballs whose {@code manifest.json} is valid but whose {@code index.json}
 * cannot be used, as found in real saves (issue 21, defect 16). Docker 20.10 loads them, because it
 * reads nothing but {@code manifest.json}; push falls back to it the same way.
 */
final class ArchiveShapesBrokenIndex {
  private static final String INDEX = "application/vnd.oci.image.index.v1+json";

  private ArchiveShapesBrokenIndex() {}

  static List<Shape> all() {
    String missing = ArchiveShapes.descriptor(INDEX, Digest.sha256("an index not saved"), 321);
    return List.of(
        shape(
            "index-manifests-not-an-array",
            "index.json whose manifests is an object",
            "{\"schemaVersion\":2,\"manifests\":{}}"),
        shape("index-not-json", "index.json cut short", "{\"schemaVersion\":2,\"manifests\":[{"),
        shape(
            "index-descriptor-without-media-type",
            "index.json whose descriptor has no mediaType",
            "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\""
                + Digest.sha256("x")
                + "\",\"size\":1}]}"),
        shape(
            "index-names-a-missing-index",
            "index.json naming a multi-platform index the tarball lacks",
            "{\"schemaVersion\":2,\"manifests\":[" + missing + "]}"));
  }

  private static Shape shape(String name, String broken, String indexJson) {
    Image image = ArchiveShapes.image(name);
    byte[] tar = ArchiveShapes.docker25(image, "shapes/" + name + ":1", Map.of(), indexJson);
    return new Shape(
        "docker-25-save-" + name,
        "docker save (25+) with " + broken + ", manifest.json valid",
        tar,
        null,
        image.config(),
        null,
        true);
  }
}
