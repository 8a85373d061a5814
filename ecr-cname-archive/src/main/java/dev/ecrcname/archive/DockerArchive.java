package dev.ecrcname.archive;

import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PulledImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes pulled images as tarballs that {@code docker load}, {@code podman load} and skopeo ({@code
 * docker-archive:} and {@code oci-archive:}) accept, and reads such tarballs back for push.
 *
 * <pre>{@code
 * DockerArchive.write(pulled, Path.of("app.tar"));                       // then: docker load -i app.tar
 * DockerArchive.write(pulled, Path.of("app.tar"),
 *     WriteOptions.builder().compressedLayers(true).repoTag("app:1").build());
 * try (ImageSource source = DockerArchive.read(Path.of("saved.tar"))) { ... }
 * }</pre>
 *
 * <p>The same input always gives the same bytes. Writing is all-or-nothing: the target appears only
 * when complete.
 */
public final class DockerArchive {
  private DockerArchive() {}

  /**
   * Writes one image with uncompressed, verified layers, named as it was pulled.
   *
   * @param image the pulled image
   * @param target the tarball to create or replace
   * @throws ArchiveException when a layer does not match its diff_id or the file cannot be written;
   *     no target is left
   */
  public static void write(PulledImage image, Path target) {
    write(List.of(image), target, WriteOptions.defaults());
  }

  /**
   * Writes one image with {@code options}.
   *
   * @param image the pulled image
   * @param target the tarball to create or replace
   * @param options layer compression, name and parallelism
   * @throws ArchiveException when a layer does not match its diff_id or the file cannot be written;
   *     no target is left
   */
  public static void write(PulledImage image, Path target, WriteOptions options) {
    write(List.of(image), target, options);
  }

  /**
   * Writes several images into one tarball, as {@code docker save a b} does; layers they share are
   * stored once.
   *
   * @param images the pulled images
   * @param target the tarball to create or replace
   * @param options layer compression and parallelism ({@code repoTag} only for a single image)
   * @throws ArchiveException when a layer does not match its diff_id or the file cannot be written;
   *     no target is left
   */
  public static void write(List<PulledImage> images, Path target, WriteOptions options) {
    ArchiveWriter.write(images, target, options);
  }

  /**
   * Reads the single image in a tarball. Layers are served straight from the tar file and are
   * checked against their diff_ids as they are read: a mismatch surfaces as an {@link
   * ArchiveException} when a layer stream reaches its end.
   *
   * @param tarball a {@code docker save} tarball or an OCI archive
   * @return the image, to push; close it
   * @throws ArchiveException when the tarball is malformed, hostile, or holds more than one image
   */
  public static ImageSource read(Path tarball) {
    return ArchiveReader.read(tarball, null);
  }

  /**
   * Reads one image of a tarball holding several, chosen by one of its names (e.g. {@code
   * busybox:latest}, normalised as docker does) or by its image ID ({@code sha256:…}).
   *
   * @param tarball a {@code docker save} tarball or an OCI archive
   * @param imageName a name or image ID of the image to read
   * @return the image, to push; close it
   * @throws ArchiveException when the tarball is malformed, hostile, or has no such image
   */
  public static ImageSource read(Path tarball, String imageName) {
    return ArchiveReader.read(tarball, imageName);
  }
}
