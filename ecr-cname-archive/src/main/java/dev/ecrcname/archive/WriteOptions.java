package dev.ecrcname.archive;

import org.jspecify.annotations.Nullable;

/**
 * How {@link DockerArchive} writes a tarball.
 *
 * @param compressedLayers store the registry's blobs as they are (fast; {@code docker load}
 *     decompresses and checks them itself) instead of decompressing and verifying each layer
 *     against its diff_id
 * @param repoTag the name to load the image as, e.g. {@code myimg:1}, instead of the name it was
 *     pulled by; null to keep that name. Only for a single image.
 * @param parallelism how many layers to decompress at once
 */
public record WriteOptions(boolean compressedLayers, @Nullable String repoTag, int parallelism) {

  /**
   * Checks the values.
   *
   * @param compressedLayers store the registry's blobs as they are
   * @param repoTag the name to load the image as, or null
   * @param parallelism how many layers to decompress at once
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
   * Uncompressed, verified layers; the pulled name; one decompression per core.
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
        .parallelism(parallelism);
  }

  /** Builds {@link WriteOptions}, in the AWS SDK style. */
  public static final class Builder {
    private boolean compressedLayers;
    private @Nullable String repoTag;
    private int parallelism = Runtime.getRuntime().availableProcessors();

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
     * The options.
     *
     * @return the options
     * @throws IllegalArgumentException when a value is invalid
     */
    public WriteOptions build() {
      return new WriteOptions(compressedLayers, repoTag, parallelism);
    }
  }
}
