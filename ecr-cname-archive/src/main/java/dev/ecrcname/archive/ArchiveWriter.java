package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.PulledImage;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes images as one tarball that is both a Docker image spec v1.2 archive ({@code
 * manifest.json}, {@code <id>/layer.tar}) and an OCI image layout ({@code index.json}, {@code
 * blobs/sha256/}), as Docker 25+ {@code docker save} does, or as a layout directory; all or nothing
 * ({@link TempArea}). The layers are placed first ({@link LayerPlacement}), then what describes
 * them is written ({@link MetadataWriter}).
 *
 * <p>Entry order: the {@code blobs/} directories; layer blobs in order of first use; each image's
 * config and manifest blobs; for a multi-platform image, the index blob; the legacy layer
 * directories; the {@code <config>.json} links; {@code index.json}, {@code manifest.json}, {@code
 * oci-layout}, {@code repositories}.
 *
 * <p>A multi-platform image is written as its index: {@code index.json} names the index (kept byte
 * for byte when the archive stores every child exactly as pulled, otherwise an OCI index of the
 * manifests as stored), and {@code manifest.json} lists the one image Docker 20.10 can load: {@link
 * WriteOptions#loadPlatform()}'s if the index has it, else the first.
 */
final class ArchiveWriter {
  private ArchiveWriter() {}

  static void write(List<PulledImage> images, Path target, WriteOptions options) {
    write(images, null, target, options, false, Set.of());
  }

  /**
   * As {@link #write(List, Path, WriteOptions)}, where the blobs named in {@code unhashed} come
   * from the cache unhashed by the pull: each is hashed on the read that decompresses it ({@link
   * UnhashedBlob}).
   */
  static void write(
      List<PulledImage> images, Path target, WriteOptions options, Set<Digest> unhashed) {
    write(images, null, target, options, false, unhashed);
  }

  /** Writes every platform of {@code image} with its index, as a tarball or a layout directory. */
  static void write(
      MultiPlatformImage image, Path target, WriteOptions options, boolean directory) {
    List<PulledImage> images =
        image.images().stream().map(MultiPlatformImage.Entry::image).toList();
    write(images, image.index().isPresent() ? image : null, target, options, directory, Set.of());
  }

  /** Writes images side by side as an OCI layout directory. */
  static void writeLayout(List<PulledImage> images, Path target, WriteOptions options) {
    write(images, null, target, options, true, Set.of());
  }

  private static void write(
      List<PulledImage> images,
      @Nullable MultiPlatformImage multi,
      Path target,
      WriteOptions options,
      boolean directory,
      Set<Digest> unhashed) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to write");
    }
    if (options.repoTag() != null && images.size() > 1 && multi == null) {
      throw new IllegalArgumentException(
          "repoTag names one image, but " + images.size() + " images were given");
    }
    List<ImagePlan> plans =
        images.stream().map(image -> ImagePlan.of(image, options.repoTag())).toList();
    TempArea.run(
        target,
        directory,
        options.parallelism(),
        (tempDir, pool, out) -> {
          Set<String> written = new HashSet<>();
          LayerPlacement layers =
              new LayerPlacement(plans, options, tempDir, pool, written, unhashed);
          MetadataWriter metadata =
              new MetadataWriter(plans, multi, options, directory, layers, written);
          if (directory) {
            LayoutDirectory layout = new LayoutDirectory(out);
            layout.directory(BlobPaths.SHA256);
            layers.placeThroughTempFiles(layout);
            metadata.write(layout);
            return;
          }
          try (FileChannel channel =
              FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarWriter tar = new TarWriter(channel);
            tar.directory("blobs/");
            tar.directory(BlobPaths.SHA256);
            layers.placeInTar(channel, tar);
            metadata.write(tar);
          }
        });
  }
}
