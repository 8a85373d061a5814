package dev.ecrcname.core;

import java.util.List;
import java.util.Objects;

/**
 * How to push.
 *
 * @param mountFrom repositories of the same registry to try a cross-repository mount from before
 *     uploading; ECR honours this only where the account enabled blob mounting, and otherwise
 *     answers "upload it"
 */
public record PushOptions(
    ManifestFormat format, List<String> mountFrom, TransferListener listener) {
  /**
   * Copies the list and checks every repository name.
   *
   * @param format the manifest schema to write
   * @param mountFrom repositories to try a cross-repository mount from
   * @param listener progress of the uploads
   * @throws IllegalArgumentException when a {@code mountFrom} entry is no valid repository name
   */
  public PushOptions {
    mountFrom = List.copyOf(mountFrom);
    mountFrom.forEach(ImageReference::requireRepository);
  }

  /**
   * Docker v2s2, no mounts, no listener.
   *
   * @return the default options
   */
  public static PushOptions defaults() {
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

  /** Builds {@link PushOptions}; every setting is optional. */
  public static final class Builder {
    private ManifestFormat format = ManifestFormat.DOCKER_V2S2;
    private List<String> mountFrom = List.of();
    private TransferListener listener = TransferListener.NONE;

    private Builder() {}

    /**
     * The manifest schema to write; default Docker v2s2. zstd layers need OCI.
     *
     * @param format the schema
     * @return this builder
     */
    public Builder format(ManifestFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Repositories to try a cross-repository mount from, in order, before uploading a blob.
     *
     * @param repositories repository names of the same registry, e.g. {@code app/base}
     * @return this builder
     */
    public Builder mountFrom(List<String> repositories) {
      this.mountFrom = List.copyOf(repositories);
      return this;
    }

    /**
     * Progress of the blob uploads.
     *
     * @param listener called from the upload threads
     * @return this builder
     */
    public Builder listener(TransferListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The options.
     *
     * @return the options
     * @throws IllegalArgumentException when a repository name is invalid
     */
    public PushOptions build() {
      return new PushOptions(format, mountFrom, listener);
    }
  }
}
