package dev.ecrcname.core;

import java.util.List;
import java.util.Objects;

/**
 * How to push.
 *
 * @param mountFrom repositories of the same registry to try a cross-repository mount from before
 *     uploading; ECR honours this only where the account enabled blob mounting, and otherwise
 *     answers "upload it"
 * @param layerCompression how uncompressed layers (a {@code docker save} tarball's) are compressed
 *     for the registry: gzip (the default, which every engine pulls) or zstd (smaller and much
 *     cheaper to make; ECR, Docker 23+, containerd and podman pull it; needs the OCI format).
 *     Layers the source already stores compressed go as they are.
 */
public record PushOptions(
    ManifestFormat format,
    List<String> mountFrom,
    TransferListener listener,
    Compression layerCompression) {
  /**
   * Copies the list and checks every repository name and the compression.
   *
   * @param format the manifest schema to write
   * @param mountFrom repositories to try a cross-repository mount from
   * @param listener progress of the uploads
   * @param layerCompression gzip or zstd
   * @throws IllegalArgumentException when a {@code mountFrom} entry is no valid repository name,
   *     the compression is none, or zstd is asked for with the Docker format
   */
  public PushOptions {
    mountFrom = List.copyOf(mountFrom);
    mountFrom.forEach(ImageReference::requireRepository);
    Objects.requireNonNull(layerCompression, "layerCompression");
    if (layerCompression == Compression.NONE) {
      throw new IllegalArgumentException("layers are pushed compressed: use gzip or zstd");
    }
    format.layerMediaType(
        layerCompression); // zstd in a Docker manifest fails here, before any work
  }

  /**
   * Options with gzip layers, as before {@code layerCompression} existed.
   *
   * @param format the manifest schema to write
   * @param mountFrom repositories to try a cross-repository mount from
   * @param listener progress of the uploads
   */
  public PushOptions(ManifestFormat format, List<String> mountFrom, TransferListener listener) {
    this(format, mountFrom, listener, Compression.GZIP);
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
    private Compression layerCompression = Compression.GZIP;

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
     * How uncompressed layers are compressed: {@link Compression#GZIP} (the default) or {@link
     * Compression#ZSTD}, which needs {@link ManifestFormat#OCI} and zstd-jni on the class path.
     *
     * @param compression gzip or zstd
     * @return this builder
     */
    public Builder layerCompression(Compression compression) {
      this.layerCompression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * The options.
     *
     * @return the options
     * @throws IllegalArgumentException when a repository name is invalid, or zstd is asked for with
     *     the Docker format
     */
    public PushOptions build() {
      return new PushOptions(format, mountFrom, listener, layerCompression);
    }
  }
}
