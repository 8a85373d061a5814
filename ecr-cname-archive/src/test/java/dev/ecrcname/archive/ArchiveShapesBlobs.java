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

/**
 * An image as the blobs of an OCI layout: layers (compressed with {@code codec}), config and image
 * manifest, each stored at {@code blobs/sha256/<hex>}. Shared by the {@link ArchiveShapes}
 * producers that write OCI layouts.
 */
final class ArchiveShapesBlobs {
  private final Map<String, byte[]> blobs = new LinkedHashMap<>();
  private final List<String> layerPaths = new ArrayList<>();
  private final String configPath;
  private final String manifestDescriptor;

  private ArchiveShapesBlobs(
      ArchiveShapes.Image image,
      Codec codec,
      String layerType,
      String configType,
      String manifestType) {
    List<String> layers = new ArrayList<>();
    for (byte[] tar : image.layers()) {
      byte[] blob = codec.compress(tar);
      String path = put(blob);
      layerPaths.add(path);
      layers.add(ArchiveShapes.descriptor(layerType, Digest.sha256(blob), blob.length));
    }
    configPath = put(image.config());
    String config = ArchiveShapes.descriptor(configType, image.id(), image.config().length);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + manifestType
                + "\",\"config\":"
                + config
                + ",\"layers\":["
                + String.join(",", layers)
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    put(manifest);
    manifestDescriptor =
        ArchiveShapes.descriptor(manifestType, Digest.sha256(manifest), manifest.length);
  }

  static ArchiveShapesBlobs of(
      ArchiveShapes.Image image,
      Codec codec,
      String layerType,
      String configType,
      String manifestType) {
    return new ArchiveShapesBlobs(image, codec, layerType, configType, manifestType);
  }

  private String put(byte[] blob) {
    String path = "blobs/sha256/" + Digest.sha256(blob).hex();
    blobs.put(path, blob);
    return path;
  }

  /** Writes the blobs not already in {@code written}. */
  void writeTo(RawTar tar, Set<String> written) {
    blobs.forEach(
        (path, blob) -> {
          if (written.add(path)) {
            tar.file(path, blob);
          }
        });
  }

  void writeTo(RawTar tar) {
    writeTo(tar, new HashSet<>());
  }

  /**
   * The manifest's descriptor, with {@code annotations} (a JSON member starting with a comma, or
   * empty) added.
   */
  String manifestDescriptor(String annotations) {
    return manifestDescriptor.substring(0, manifestDescriptor.length() - 1) + annotations + "}";
  }

  String index(String annotations) {
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
        + manifestDescriptor(annotations)
        + "]}";
  }

  String configPath() {
    return configPath;
  }

  List<String> layerPaths() {
    return layerPaths;
  }
}
