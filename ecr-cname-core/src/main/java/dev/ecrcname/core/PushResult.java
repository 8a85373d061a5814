package dev.ecrcname.core;

import java.util.Objects;

/**
 * What a push did.
 *
 * @param target where the push went: the client's registry host, the repository, the tag and the
 *     digest of the manifest (or index) the tag now points at, confirmed by the registry
 * @param imageId the config digest: the same image ID docker showed before the push; for an index,
 *     the index's digest
 * @param bytesUploaded blob bytes sent over the network
 * @param bytesSkipped blob bytes the registry already had (or mounted), so nothing was sent
 * @param blobsUploaded blobs sent
 * @param blobsSkipped blobs the registry already had
 */
public record PushResult(
    ImageReference target,
    Digest imageId,
    long bytesUploaded,
    long bytesSkipped,
    int blobsUploaded,
    int blobsSkipped) {

  /**
   * Checks that the target names its registry host and digest.
   *
   * @param target the registry host, repository, tag and digest
   * @param imageId the config (or index) digest
   * @param bytesUploaded blob bytes sent
   * @param bytesSkipped blob bytes skipped
   * @param blobsUploaded blobs sent
   * @param blobsSkipped blobs skipped
   * @throws IllegalArgumentException when {@code target} lacks the registry host or the digest
   */
  public PushResult {
    PulledImage.requireResolved(target);
  }

  /**
   * The digest of the manifest the tag now points at.
   *
   * @return the target's digest
   */
  public Digest manifestDigest() {
    return Objects.requireNonNull(target.digest());
  }
}
