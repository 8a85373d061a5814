package dev.ecrcname.archive;

import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.Platform;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An image read from a tarball. Layers are served as regions of the tar file; when the tarball
 * itself was compressed, {@code scratch} is its decompressed copy in the temp directory, deleted
 * when the last image read from it is closed.
 */
final class ArchiveImageSource implements ImageSource {
  private final byte[] configBytes;
  private final List<Layer> layers;
  private final List<String> names;
  private final @Nullable Scratch scratch;
  private final @Nullable Platform platform;
  private final AtomicBoolean closed = new AtomicBoolean();

  ArchiveImageSource(
      byte[] configBytes,
      List<Layer> layers,
      List<String> names,
      @Nullable Scratch scratch,
      @Nullable Platform platform) {
    this.platform = platform;
    this.configBytes = configBytes.clone();
    this.layers = List.copyOf(layers);
    this.names = List.copyOf(names);
    this.scratch = scratch;
  }

  @Override
  public byte[] configBytes() {
    return configBytes.clone();
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public List<String> names() {
    return names;
  }

  @Override
  public Optional<Platform> platform() {
    return Optional.ofNullable(platform);
  }

  @Override
  public void close() throws IOException {
    if (scratch != null && closed.compareAndSet(false, true)) {
      scratch.release();
    }
  }

  @Override
  public String toString() {
    return "image " + names + " with " + layers.size() + " layers";
  }
}
