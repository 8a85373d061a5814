package dev.ecrcname.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image pulled and verified: the manifest and config exactly as the registry sent them, and
 * every layer blob on local disk, already checked against its digest.
 *
 * @param reference where the image came from: the client's registry host, the repository, the tag
 *     asked for (if any) and the digest of {@code manifest}; for a multi-platform image that is the
 *     platform's manifest
 * @param manifestMediaType the media type of {@code manifest}
 * @param manifest the manifest bytes exactly as received
 * @param config the config's descriptor, from the manifest
 * @param configBytes the config bytes exactly as received; their sha256 is the image ID
 * @param layers in manifest order, each with its verified blob on disk
 */
// The bytes are exactly as served (their digest is the point); accessors hand out copies.
@SuppressWarnings("ArrayRecordComponent")
public record PulledImage(
    ImageReference reference,
    String manifestMediaType,
    byte[] manifest,
    Descriptor config,
    byte[] configBytes,
    List<Layer> layers) {

  /**
   * One layer: its descriptor and the verified blob (still compressed as the registry stored it).
   *
   * @param descriptor the layer's descriptor from the manifest
   * @param blob the verified blob in the layer cache
   */
  public record Layer(Descriptor descriptor, Path blob) {}

  /**
   * Copies the bytes and the list.
   *
   * @param reference the registry host, repository, tag (if any) and manifest digest
   * @param manifestMediaType the manifest's media type
   * @param manifest the manifest bytes
   * @param config the config's descriptor
   * @param configBytes the config bytes
   * @param layers the layers in manifest order
   * @throws IllegalArgumentException when {@code reference} lacks the registry host or the digest
   */
  public PulledImage {
    requireResolved(reference);
    manifest = manifest.clone();
    configBytes = configBytes.clone();
    layers = List.copyOf(layers);
  }

  /**
   * The manifest bytes exactly as received.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] manifest() {
    return manifest.clone();
  }

  /**
   * The config bytes exactly as received.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] configBytes() {
    return configBytes.clone();
  }

  static void requireResolved(ImageReference reference) {
    if (reference.registry() == null || reference.digest() == null) {
      throw new IllegalArgumentException(
          "a result names the registry host and the digest it resolved, got " + reference);
    }
  }

  /**
   * The digest of {@link #manifest()}.
   *
   * @return the manifest's digest
   */
  public Digest manifestDigest() {
    return Objects.requireNonNull(reference.digest());
  }

  /**
   * The image ID docker shows: the config digest.
   *
   * @return the config's digest
   */
  public Digest imageId() {
    return config.digest();
  }

  /**
   * Whether the image was asked for by tag rather than by digest.
   *
   * @return true for a tag
   */
  public boolean pulledByTag() {
    return reference.tag() != null;
  }

  @Override
  public String toString() {
    return reference.toString();
  }
}
