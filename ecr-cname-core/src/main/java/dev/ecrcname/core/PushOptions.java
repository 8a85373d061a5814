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
  public PushOptions {
    mountFrom = List.copyOf(mountFrom);
    mountFrom.forEach(ImageReference::requireRepository);
  }

  public static PushOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link PushOptions}; every setting is optional. */
  public static final class Builder {
    private ManifestFormat format = ManifestFormat.DOCKER_V2S2;
    private List<String> mountFrom = List.of();
    private TransferListener listener = TransferListener.NONE;

    private Builder() {}

    public Builder format(ManifestFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public Builder mountFrom(List<String> repositories) {
      this.mountFrom = List.copyOf(repositories);
      return this;
    }

    public Builder listener(TransferListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public PushOptions build() {
      return new PushOptions(format, mountFrom, listener);
    }
  }
}
