package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * HEAD of a manifest: whether it exists, and its digest, media type and size when the registry says
 * them.
 */
public record ManifestHead(ImageReference image)
    implements ManifestRequest<Optional<ManifestHead.Head>> {
  /**
   * What a HEAD tells.
   *
   * @param digest {@code Docker-Content-Digest}, or null when the registry did not send it
   * @param size {@code Content-Length}, or -1
   */
  public record Head(@Nullable Digest digest, @Nullable String mediaType, long size) {}

  @Override
  public String description() {
    return "HEAD of manifest " + image.nameAndReference();
  }

  @Override
  public String method() {
    return "HEAD";
  }

  @Override
  public boolean isAnswer(int status) {
    return status == 404 || (status >= 200 && status < 300);
  }

  @Override
  public Optional<Head> read(Answer answer) {
    if (answer.status() == 404) {
      return Optional.empty();
    }
    String type = answer.header("Content-Type");
    String length = answer.header("Content-Length");
    long size = length == null ? -1 : parseLength(length);
    return Optional.of(
        new Head(answer.contentDigest(), type == null ? null : type.split(";", 2)[0].trim(), size));
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
