package dev.ecrcname.core;

/**
 * What a copy did.
 *
 * @param target where the copy went, with its tag (or digest, for a copy by digest)
 * @param digest the digest of what the target names now: the source's, since manifests go byte for
 *     byte
 * @param manifests manifests written: 1 for an image, 1 + its children for an index
 * @param bytesCopied blob bytes streamed from the source to the target
 * @param bytesMounted blob bytes the target mounted from the source repository (nothing moved)
 * @param bytesSkipped blob bytes the target already had
 */
public record CopyResult(
    ImageReference target,
    Digest digest,
    int manifests,
    long bytesCopied,
    int blobsCopied,
    long bytesMounted,
    int blobsMounted,
    long bytesSkipped,
    int blobsSkipped) {}
