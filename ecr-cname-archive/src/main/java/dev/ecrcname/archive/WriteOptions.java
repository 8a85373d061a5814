package dev.ecrcname.archive;

import dev.ecrcname.core.Platform;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link DockerArchive} writes a tarball.
 *
 * @param compressedLayers store the registry's blobs as they are (fast; {@code docker load}
 *     decompresses and checks them itself) instead of decompressing and verifying each layer
 *     against its diff_id
 * @param repoTag the name to load the image as, e.g. {@code myimg:1}, instead of the name it was
 *     pulled by; null to keep that name. Only for a single image, or the images of one
 *     multi-platform image.
 * @param parallelism how many layers to decompress at once
 * @param format what a tarball holds besides the OCI layout; a layout directory is always {@link
 *     Format#OCI}
 * @param loadPlatform for a multi-platform image in the {@link Format#DOCKER} format, the platform
 *     whose image {@code manifest.json} lists, which is the one Docker 20.10 loads; the first image
 *     when the index has none for it
 * @param uncompressedLayerCache where to keep uncompressed layers by diff_id, so that writing a
 *     layer again is a verified copy instead of a decompression (typically {@code
 *     LayerCache.uncompressedLayers()}); null, the default, to keep none. It costs the disk space
 *     of the uncompressed layers.
 */
public record WriteOptions(
    boolean compressedLayers,
    @Nullable String repoTag,
    int parallelism,
    Format format,
    Platform loadPlatform,
    @Nullable Path uncompressedLayerCache) {

  /** What a tarball holds. */
  public enum Format {
    /**
     * Both a Docker v1.2 archive ({@code manifest.json}, {@code <id>/layer.tar}), which every
     * {@code docker load} reads, and an OCI image layout ({@code index.json}, {@code blobs/}), as
     * Docker 25+ {@code docker save} writes. For a multi-platform image, {@code manifest.json}
     * lists one platform's image, this machine's if the index has it: the one Docker 20.10 loads.
     */
    DOCKER,
    /** An OCI image layout only, as {@code skopeo copy oci-archive:} and buildx write it. */
    OCI
  }

  /**
   * Checks the values.
   *
   * @param compressedLayers store the registry's blobs as they are
   * @param repoTag the name to load the image as, or null
   * @param parallelism how many layers to decompress at once
   * @param format what a tarball holds besides the OCI layout
   * @param loadPlatform the platform {@code manifest.json} lists of a multi-platform image
   * @param uncompressedLayerCache where to keep uncompressed layers, or null
   * @throws IllegalArgumentException when parallelism is below 1 or the tag is no valid name:tag
   */
  public WriteOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    if (repoTag != null) {
      DockerNames.requireTagged(repoTag);
    }
  }

  /**
   * Uncompressed, verified layers; the pulled name; one decompression per core; the Docker and OCI
   * format; this machine's platform for {@code manifest.json}.
   *
   * @return the default options
   */
  public static WriteOptions defaults() {
    return builder().build();
  }

  /**
   * A builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these options, to change some.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .compressedLayers(compressedLayers)
        .repoTag(repoTag)
        .parallelism(parallelism)
        .format(format)
        .loadPlatform(loadPlatform)
        .uncompressedLayerCache(uncompressedLayerCache);
  }

  /** Builds {@link WriteOptions}, in the AWS SDK style. */
  public static final class Builder {
    private boolean compressedLayers;
    private @Nullable String repoTag;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private Format format = Format.DOCKER;
    private Platform loadPlatform = Platform.current();
    private @Nullable Path uncompressedLayerCache;

    private Builder() {}

    /**
     * Store the registry's compressed blobs as they are; default false.
     *
     * @param compressedLayers true for compressed layers
     * @return this builder
     */
    public Builder compressedLayers(boolean compressedLayers) {
      this.compressedLayers = compressedLayers;
      return this;
    }

    /**
     * The name to load the image as, e.g. {@code myimg:1}; default the name it was pulled by.
     *
     * @param repoTag a name with a tag, or null
     * @return this builder
     */
    public Builder repoTag(@Nullable String repoTag) {
      this.repoTag = repoTag;
      return this;
    }

    /**
     * How many layers to decompress at once; default the number of processors.
     *
     * @param parallelism at least 1
     * @return this builder
     */
    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /**
     * What a tarball holds; default {@link Format#DOCKER}, both Docker and OCI.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * For a multi-platform image in the Docker format, the platform whose image {@code
     * manifest.json} lists (the one Docker 20.10 loads); default this machine's, {@link
     * Platform#current()}.
     *
     * @param loadPlatform the platform of the machine that will load the tarball
     * @return this builder
     */
    public Builder loadPlatform(Platform loadPlatform) {
      this.loadPlatform = Objects.requireNonNull(loadPlatform, "loadPlatform");
      return this;
    }

    /**
     * Keep uncompressed layers in {@code directory} by diff_id, so that writing a layer again (the
     * next pull of the image, or of another that shares it) is a copy, checked against the diff_id
     * as it goes, instead of a decompression. Only for uncompressed layers, and only when their
     * sizes are known from the blobs (gzip from docker, buildkit and containerd; zstd with a
     * content size). Default: none.
     *
     * @param directory typically {@code LayerCache.defaultCache().uncompressedLayers()}, so that
     *     the layer cache's housekeeping counts and prunes them; null for none
     * @return this builder
     */
    public Builder uncompressedLayerCache(@Nullable Path directory) {
      this.uncompressedLayerCache = directory;
      return this;
    }

    /**
     * The options.
     *
     * @return the options
     * @throws IllegalArgumentException when a value is invalid
     */
    public WriteOptions build() {
      return new WriteOptions(
          compressedLayers, repoTag, parallelism, format, loadPlatform, uncompressedLayerCache);
    }
  }
}
