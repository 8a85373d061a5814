package dev.ecrcname.core;

/**
 * What a push did.
 *
 * @param manifestDigest the digest of the manifest the tag now points at, confirmed by the registry
 * @param imageId the config digest: the same image ID docker showed before the push
 * @param bytesUploaded blob bytes sent over the network
 * @param bytesSkipped blob bytes the registry already had (or mounted), so nothing was sent
 */
public record PushResult(
    String repository,
    String tag,
    Digest manifestDigest,
    Digest imageId,
    long bytesUploaded,
    long bytesSkipped,
    int blobsUploaded,
    int blobsSkipped) {}
