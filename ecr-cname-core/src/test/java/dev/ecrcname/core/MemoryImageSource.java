package dev.ecrcname.core;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An image to push held in memory: config bytes and uncompressed layers, for scripted push tests.
 */
final class MemoryImageSource implements ImageSource {
  private final byte[] config;
  private final List<Layer> layers = new ArrayList<>();

  MemoryImageSource(FakeImage image) {
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
  public void close() {}
}
