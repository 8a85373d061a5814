package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClient;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pull written as it arrives ({@link DockerArchive#pull}): with compressed layers, each blob goes
 * straight into its slot of the tarball ({@link BlobSlots}) from the same bytes that fill the cache
 * and are verified, so nothing is copied from the cache afterwards.
 */
final class ArchivePull {
  private ArchivePull() {}

  static PulledImage pull(
      RegistryClient client, ImageReference image, Path target, WriteOptions options) {
    if (!options.compressedLayers()) {
      PulledImage pulled = client.pull(image);
      ArchiveWriter.write(List.of(pulled), target, options);
      return pulled;
    }
    AtomicReference<PulledImage> result = new AtomicReference<>();
    TempArea.run(
        target,
        options.parallelism(),
        (tempDir, pool, out) -> {
          try (FileChannel channel =
              FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarWriter tar = new TarWriter(channel);
            tar.directory("blobs/");
            tar.directory(BlobPaths.SHA256);
            BlobSlots slots = new BlobSlots(channel);
            PulledImage pulled = client.pull(image, slots);
            ImagePlan plan = ImagePlan.of(pulled, options.repoTag());
            Map<Digest, Path> cached = new HashMap<>();
            pulled.layers().forEach(layer -> cached.put(layer.descriptor().digest(), layer.blob()));
            Map<Digest, StoredLayer> stored = slots.finish(cached);
            Set<String> written = new HashSet<>(slots.names());
            new MetadataWriter(
                    List.of(plan),
                    null,
                    options,
                    false,
                    (p, i) ->
                        Objects.requireNonNull(
                            stored.get(p.image().layers().get(i).descriptor().digest())),
                    written)
                .write(tar);
            result.set(pulled);
          }
        });
    return Objects.requireNonNull(result.get(), "the write ended without a pull");
  }
}
