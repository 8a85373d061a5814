package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.DigestMismatchException;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.MediaTypes;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * GET of a manifest or index with the full Accept list (ECR converts by tag, and downgrades to
 * schema 1 for a client whose Accept lacks schema 2), within ECR's size limit, checked against its
 * digest. A mirror passes its client's Accept list instead, so that ECR converts for that client.
 */
public record ManifestGet(ImageReference image, List<String> accept)
    implements ManifestRequest<ManifestGet.Bytes> {
  /**
   * ECR's PutImage caps imageManifest at 4,194,304 characters; anything larger is not a manifest.
   */
  public static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;

  /**
   * A manifest as served, verified.
   *
   * @param digest the sha256 of the bytes: the digest the image is known by
   * @param contentType the answer's Content-Type, for manifests whose JSON names no media type
   */
  @SuppressWarnings("ArrayRecordComponent") // internal, handed on once, never kept
  public record Bytes(byte[] bytes, Digest digest, @Nullable String contentType) {}

  public ManifestGet {
    accept = List.copyOf(accept);
  }

  /** With the full Accept list. */
  public ManifestGet(ImageReference image) {
    this(image, MediaTypes.ACCEPT);
  }

  @Override
  public String description() {
    return "manifest " + image.nameAndReference();
  }

  @Override
  public Bytes read(Answer answer) throws IOException {
    byte[] bytes = answer.bytes(MAX_MANIFEST_BYTES);
    return new Bytes(bytes, check(bytes, answer.contentDigest()), answer.header("Content-Type"));
  }

  /**
   * By digest the bytes must hash to the digest asked for; by tag they must hash to what the
   * registry says it sent. Returns their sha256.
   */
  private Digest check(byte[] bytes, @Nullable Digest announced) {
    Digest actual = Digest.sha256(bytes);
    Digest expected = image.digest() != null ? image.digest() : announced;
    if (expected == null) {
      return actual; // by tag without Docker-Content-Digest: nothing to check against; our digest
      // is the truth
    }
    boolean matches;
    if (expected.algorithm().equals(actual.algorithm())) {
      matches = expected.equals(actual);
    } else {
      MessageDigest hasher = expected.newHasher();
      hasher.update(bytes);
      matches = expected.matches(hasher);
    }
    if (!matches) {
      String source = image.byDigest() ? "" : " (Docker-Content-Digest)";
      throw new DigestMismatchException(description() + source, expected, actual);
    }
    return actual;
  }
}
