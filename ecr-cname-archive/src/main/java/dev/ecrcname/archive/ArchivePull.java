package dev.ecrcname.archive;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.LayerReceiver;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClient;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pull written as it arrives ({@link DockerArchive#pull}): with compressed layers, each blob goes
 * straight into its slot of the tarball ({@link BlobSlots}) from the same bytes that fill the cache
 * and are verified, so nothing is copied from the cache afterwards.
 */
final class ArchivePull {
  private static final Logger LOG = LoggerFactory.getLogger(ArchivePull.class);

  private ArchivePull() {}

  static PulledImage pull(
      RegistryClient client, ImageReference image, Path target, WriteOptions options) {
    if (!options.compressedLayers()) {
      return pullUncompressed(client, image, target, options);
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

  /**
   * Uncompressed layers: the pull leaves a cached blob unhashed, and the write hashes it on the
   * read that decompresses it, so a warm pull reads each blob once. A cached blob that turns out
   * wrong is deleted and the image pulled and written again, as a pull that hashes every hit.
   */
  private static PulledImage pullUncompressed(
      RegistryClient client, ImageReference image, Path target, WriteOptions options) {
    Set<Digest> unhashed = ConcurrentHashMap.newKeySet();
    PulledImage pulled =
        client.pull(
            image,
            new LayerReceiver() {
              @Override
              public void layers(List<Descriptor> layers) {}

              @Override
              public Optional<Layer> open(Descriptor layer) {
                return Optional.empty();
              }

              @Override
              public void unhashed(Descriptor layer, Path file) {
                unhashed.add(layer.digest());
              }
            });
    try {
      ArchiveWriter.write(List.of(pulled), target, options, unhashed);
      return pulled;
    } catch (UnhashedBlob.Changed e) {
      LOG.warn("{}; discarding it and pulling the image again", e.getMessage());
      try {
        if (Files.isRegularFile(e.file(), LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(e.file());
        }
      } catch (IOException deleteFailed) {
        e.addSuppressed(deleteFailed);
        throw e;
      }
      PulledImage again = client.pull(image);
      ArchiveWriter.write(List.of(again), target, options);
      return again;
    }
  }
}
