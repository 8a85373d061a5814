package dev.ecrcname.core;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image to push held in memory: config bytes and uncompressed layers, for scripted push tests.
 */
final class MemoryImageSource implements ImageSource {
  private final byte[] config;
  private final List<Layer> layers = new ArrayList<>();
  private final Optional<Platform> platform;

  MemoryImageSource(FakeImage image) {
    this(image, Optional.empty());
  }

  /** An image whose source names its platform, as an index entry does. */
  MemoryImageSource(FakeImage image, Optional<Platform> platform) {
    this.platform = platform;
    this.config = image.config();
    for (byte[] layer : image.layers()) {
      layers.add(
          new Layer(
              Digest.sha256(layer),
              Compression.NONE,
              layer.length,
              null,
              () -> new ByteArrayInputStream(layer)));
    }
  }

  @Override
  public byte[] configBytes() {
    return config.clone();
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public List<String> names() {
    return List.of();
  }

  @Override
  public Optional<Platform> platform() {
    return platform;
  }

  @Override
  public void close() {}
}
