package dev.ecrcname.core;

import java.util.Objects;

/**
 * What a copy did.
 *
 * @param target where the copy went: the target client's registry host, the repository, the tag
 *     (none for a copy by digest) and the digest it names now, the source's, since manifests go
 *     byte for byte
 * @param manifests manifests written: 1 for an image, 1 + its children for an index
 * @param bytesCopied blob bytes streamed from the source to the target
 * @param bytesMounted blob bytes the target mounted from the source repository (nothing moved)
 * @param bytesSkipped blob bytes the target already had
 */
public record CopyResult(
    ImageReference target,
    int manifests,
    long bytesCopied,
    int blobsCopied,
    long bytesMounted,
    int blobsMounted,
    long bytesSkipped,
    int blobsSkipped) {

  /**
   * Checks that the target names its registry host and digest.
   *
   * @param target the registry host, repository, tag (if any) and digest
   * @param manifests manifests written
   * @param bytesCopied blob bytes streamed
   * @param blobsCopied blobs streamed
   * @param bytesMounted blob bytes mounted
   * @param blobsMounted blobs mounted
   * @param bytesSkipped blob bytes the target had
   * @param blobsSkipped blobs the target had
   * @throws IllegalArgumentException when {@code target} lacks the registry host or the digest
   */
  public CopyResult {
    PulledImage.requireResolved(target);
  }

  /**
   * The digest the target names now.
   *
   * @return the target's digest
   */
  public Digest digest() {
    return Objects.requireNonNull(target.digest());
  }
}
