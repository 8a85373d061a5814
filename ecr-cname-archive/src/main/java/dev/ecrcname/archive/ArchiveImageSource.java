package dev.ecrcname.archive;

import dev.ecrcname.core.ImageSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An image read from a tarball. Layers are served as regions of the tar file; when the tarball
 * itself was compressed, {@code scratch} is its decompressed copy in the temp directory, deleted on
 * close.
 */
final class ArchiveImageSource implements ImageSource {
  private final byte[] configBytes;
  private final List<Layer> layers;
  private final List<String> names;
  private final @Nullable Path scratch;

  ArchiveImageSource(
      byte[] configBytes, List<Layer> layers, List<String> names, @Nullable Path scratch) {
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
  public void close() throws IOException {
    if (scratch != null) {
      Files.deleteIfExists(scratch);
    }
  }

  @Override
  public String toString() {
    return "image " + names + " with " + layers.size() + " layers";
  }
}
