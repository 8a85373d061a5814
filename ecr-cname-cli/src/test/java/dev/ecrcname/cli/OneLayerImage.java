package dev.ecrcname.cli;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.FakeRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

/** A one-layer Docker v2s2 image served by a {@link FakeRegistry} as {@code <repository>:1.0}. */
final class OneLayerImage {
  private static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

  private OneLayerImage() {}

  /** {@code size} random bytes from {@code seed}: content that neither compresses nor repeats. */
  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * Serves the image whose only layer is {@code layer} (gzip bytes) and whose config names {@code
   * diffId}, which a test may set wrong on purpose.
   */
  static void serve(FakeRegistry registry, String repository, byte[] layer, Digest diffId) {
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                + "\"size\":"
                + config.length
                + ",\"digest\":\""
                + Digest.sha256(config)
                + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":"
                + layer.length
                + ",\"digest\":\""
                + Digest.sha256(layer)
                + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    registry.image(
        repository,
        "1.0",
        MANIFEST,
        Digest.sha256(manifest).toString(),
        manifest,
        Map.of(Digest.sha256(config).toString(), config, Digest.sha256(layer).toString(), layer));
  }
}
