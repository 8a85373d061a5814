package dev.ecrcname.archive;

import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClient;
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
 *
 * MultiPlatformImage all = client.pullAllPlatforms(ImageReference.parse("app/multi:1.0"));
 * DockerArchive.write(all, Path.of("multi.tar"), WriteOptions.defaults());  // index + every platform
 * DockerArchive.writeLayout(all, Path.of("multi-layout"), WriteOptions.defaults()); // OCI directory
 * }</pre>
 *
 * <p>The same input and options always give the same bytes (the default {@link
 * WriteOptions#loadPlatform()} is this machine's, so name it when tarballs of multi-platform images
 * must match across machines). Writing is all-or-nothing: the target appears only when complete.
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
   * Pulls one image with {@code client} and writes it as {@link #write(PulledImage, Path,
   * WriteOptions)} does, with the same bytes, but in one pass where it can: with {@link
   * WriteOptions#compressedLayers()}, each layer goes into the tarball while it is downloaded or
   * read from the cache, from the same bytes that are verified against its digest, instead of being
   * copied from the cache afterwards. With uncompressed layers, a cached blob is hashed on the read
   * that decompresses it rather than before (a wrong one is deleted and pulled again), so a blob
   * the write did not read (a layer kept uncompressed, {@link
   * WriteOptions#uncompressedLayerCache()}) is returned as the cache held it.
   *
   * @param client the client to pull with (its platform and transfer listener apply)
   * @param image the image to pull
   * @param target the tarball to create or replace
   * @param options layer compression, name, parallelism and format
   * @return the pulled image, its layers in the client's cache
   * @throws ArchiveException when a layer does not match its diff_id or the file cannot be written;
   *     no target is left
   */
  public static PulledImage pull(
      RegistryClient client, ImageReference image, Path target, WriteOptions options) {
    return ArchivePull.pull(client, image, target, options);
  }

  /**
   * Writes every platform of a multi-platform image with its index: an OCI layout that Docker 25+
   * {@code docker load}, containerd's {@code ctr import} and {@code skopeo copy --all oci-archive:}
   * take whole. In the {@link WriteOptions.Format#DOCKER} format, {@code manifest.json} also lists
   * the image of {@link WriteOptions#loadPlatform()} (this machine's by default; else the first),
   * which is what Docker 20.10 loads. A single image (no index) is written as {@link
   * #write(PulledImage, Path, WriteOptions)} does.
   *
   * @param image what {@code RegistryClient.pullAllPlatforms} returned
   * @param target the tarball to create or replace
   * @param options layer compression, name, parallelism and format
   * @throws ArchiveException when a layer does not match its diff_id or the file cannot be written;
   *     no target is left
   */
  public static void write(MultiPlatformImage image, Path target, WriteOptions options) {
    ArchiveWriter.write(image, target, options, false);
  }

  /**
   * Writes one image as an OCI image layout directory ({@code oci-layout}, {@code index.json},
   * {@code blobs/sha256/}), as {@code skopeo copy oci:DIR} reads it. The directory appears whole or
   * not at all.
   *
   * @param image the pulled image
   * @param directory a directory that does not exist yet, or is empty
   * @param options layer compression, name and parallelism; the format is always OCI
   * @throws ArchiveException when {@code directory} is not empty, a layer does not match its
   *     diff_id, or the layout cannot be written; nothing is left behind
   */
  public static void writeLayout(PulledImage image, Path directory, WriteOptions options) {
    ArchiveWriter.writeLayout(List.of(image), directory, options);
  }

  /**
   * Writes every platform of a multi-platform image with its index as an OCI image layout
   * directory.
   *
   * @param image what {@code RegistryClient.pullAllPlatforms} returned
   * @param directory a directory that does not exist yet, or is empty
   * @param options layer compression, name and parallelism; the format is always OCI
   * @throws ArchiveException when {@code directory} is not empty, a layer does not match its
   *     diff_id, or the layout cannot be written; nothing is left behind
   */
  public static void writeLayout(MultiPlatformImage image, Path directory, WriteOptions options) {
    ArchiveWriter.write(image, directory, options, true);
  }

  /**
   * Reads every platform's image of a multi-platform tarball (buildx's OCI output, {@code skopeo
   * copy --all … oci-archive:}, Docker 25+ {@code docker save} with the containerd store, and
   * ours), to push with {@code RegistryClient.pushIndex}. A tarball holding one image gives a list
   * of that one. Attestations are left out (they name the digests of the manifests they attest,
   * which a push writes anew), and so are platforms the index lists but the tarball does not hold
   * (a containerd-store {@code docker save} keeps only the platforms pulled locally); each left-out
   * platform is logged.
   *
   * @param tarball a tarball or a gzip- or zstd-compressed tarball
   * @return one image per platform, in the index's order; close every one
   * @throws ArchiveException when the tarball is malformed, hostile, or holds several unrelated
   *     images
   */
  public static List<ImageSource> readPlatforms(Path tarball) {
    return ArchiveReader.readPlatforms(tarball, null);
  }

  /**
   * As {@link #readPlatforms(Path)}, for the image named {@code imageName} (e.g. {@code app:1.0},
   * normalised as docker does, or an image ID) of a tarball holding several, such as {@code docker
   * save a b} with the containerd store.
   *
   * @param tarball a tarball or a gzip- or zstd-compressed tarball
   * @param imageName a name or image ID of the image to read
   * @return one image per platform, in the index's order; close every one
   * @throws ArchiveException when the tarball is malformed, hostile, or has no such image
   */
  public static List<ImageSource> readPlatforms(Path tarball, String imageName) {
    return ArchiveReader.readPlatforms(tarball, imageName);
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
