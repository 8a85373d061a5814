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

  public WriteOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    if (repoTag != null) {
      DockerNames.requireTagged(repoTag);
    }
  }

  /** Uncompressed, verified layers; the pulled name; one decompression per core. */
  public static WriteOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

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

    public Builder compressedLayers(boolean compressedLayers) {
      this.compressedLayers = compressedLayers;
      return this;
    }

    public Builder repoTag(@Nullable String repoTag) {
      this.repoTag = repoTag;
      return this;
    }

    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    public WriteOptions build() {
      return new WriteOptions(compressedLayers, repoTag, parallelism);
    }
  }
}
