package dev.ecrcname.core;

import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import okio.Buffer;

/**
 * A small image in memory (config plus layers of random bytes), with its manifest, for scripted
 * registries.
 */
record FakeImage(byte[] manifest, String manifestMediaType, byte[] config, List<byte[]> layers)
    implements FakeRegistry.Image {

  /** Every manifest media type: what a manifest request must accept (ECR converts by tag). */
  static final String[] MANIFEST_TYPES = {
    MediaTypes.OCI_INDEX,
    MediaTypes.DOCKER_MANIFEST_LIST,
    MediaTypes.OCI_MANIFEST,
    MediaTypes.DOCKER_MANIFEST
  };

  static FakeImage create(String architecture, int... layerSizes) {
    Random random = new Random(42 + layerSizes.length + architecture.hashCode());
    List<byte[]> layers = new ArrayList<>();
    for (int size : layerSizes) {
      byte[] layer = new byte[size];
      random.nextBytes(layer);
      layers.add(layer);
    }
    // One diff_id per layer, as a config must have; the layers are random bytes, so these stand in.
    StringBuilder diffIds = new StringBuilder();
    for (byte[] layer : layers) {
      diffIds
          .append(diffIds.length() == 0 ? "" : ",")
          .append('"')
          .append(Digest.sha256(layer))
          .append('"');
    }
    byte[] config =
        ("{\"architecture\":\""
                + architecture
                + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + diffIds
                + "]}}")
            .getBytes(StandardCharsets.UTF_8);
    String json =
        manifest(
            config, layers.stream().map(l -> descriptor(MediaTypes.DOCKER_LAYER_GZIP, l)).toList());
    return new FakeImage(
        json.getBytes(StandardCharsets.UTF_8), MediaTypes.DOCKER_MANIFEST, config, layers);
  }

  /**
   * A manifest of {@code config} and one layer of {@code mediaType} whose descriptor lists {@code
   * url} in its {@code urls}, as a Windows base layer's does.
   */
  static String foreignManifest(byte[] config, byte[] layer, String mediaType, String url) {
    return manifest(
        config,
        List.of(
            "{\"mediaType\":\""
                + mediaType
                + "\",\"digest\":\""
                + Digest.sha256(layer)
                + "\",\"size\":"
                + layer.length
                + ",\"urls\":[\""
                + url
                + "\"]}"));
  }

  /** A Docker v2 manifest of {@code config} and the layers {@code layerDescriptors} describe. */
  static String manifest(byte[] config, List<String> layerDescriptors) {
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + MediaTypes.DOCKER_MANIFEST
        + "\",\"config\":"
        + descriptor(MediaTypes.DOCKER_CONFIG, config)
        + ",\"layers\":["
        + String.join(",", layerDescriptors)
        + "]}";
  }

  /**
   * Puts this image in {@code registry} as app/small:1.0, layer {@code index} served with the bit
   * at byte {@code at} flipped; returns that layer's (true) digest.
   */
  Digest serveCorrupt(FakeRegistry registry, int index, int at) {
    byte[] corrupt = layers.get(index).clone();
    corrupt[at] ^= 1;
    return serve(
        registry, index, new MockResponse.Builder().body(new Buffer().write(corrupt)).build());
  }

  /**
   * Puts this image in {@code registry} as app/small:1.0, layer {@code index} answered by {@code
   * answer}; returns that layer's digest.
   */
  Digest serve(FakeRegistry registry, int index, MockResponse answer) {
    registry.image("app/small", "1.0", this);
    Digest digest = Digest.sha256(layers.get(index));
    registry.override(RegistryPaths.blob("app/small", digest), r -> answer);
    return digest;
  }

  static String descriptor(String mediaType, byte[] content) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + Digest.sha256(content)
        + "\",\"size\":"
        + content.length
        + "}";
  }

  Digest digest() {
    return Digest.sha256(manifest);
  }

  /** Every blob of the image by digest, config included. */
  Map<Digest, byte[]> blobs() {
    Map<Digest, byte[]> blobs = new LinkedHashMap<>();
    blobs.put(Digest.sha256(config), config);
    layers.forEach(l -> blobs.put(Digest.sha256(l), l));
    return blobs;
  }

  @Override
  public String manifestDigest() {
    return digest().toString();
  }

  @Override
  public Map<String, byte[]> blobsByDigest() {
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    blobs().forEach((digest, bytes) -> blobs.put(digest.toString(), bytes));
    return blobs;
  }

  /** An OCI index of {@code images}, the first amd64 and the next arm64. */
  static byte[] index(FakeImage... images) {
    return indexOf(
        MediaTypes.DOCKER_MANIFEST,
        java.util.Arrays.stream(images).map(FakeImage::manifest).toArray(byte[][]::new));
  }

  /**
   * An OCI index of {@code children}, all of {@code mediaType}, the first amd64, the rest arm64.
   */
  static byte[] indexOf(String mediaType, byte[]... children) {
    StringBuilder json =
        new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",");
    json.append("\"manifests\":[");
    for (int i = 0; i < children.length; i++) {
      String d = FakeImage.descriptor(mediaType, children[i]);
      json.append(i == 0 ? "" : ",")
          .append(d, 0, d.length() - 1)
          .append(",\"platform\":{\"os\":\"linux\",\"architecture\":\"")
          .append(i == 0 ? "amd64" : "arm64")
          .append("\"}}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Serves {@code index} as {@code repository:tag}, with its digest. */
  static void serveIndex(FakeRegistry registry, String repository, String tag, byte[] index) {
    registry.image(
        repository, tag, MediaTypes.OCI_INDEX, Digest.sha256(index).toString(), index, Map.of());
  }
}
