package dev.ecrcname.core;

import java.nio.file.Path;
import java.util.List;

/**
 * An image pulled and verified: the manifest and config exactly as the registry sent them, and
 * every layer blob on local disk, already checked against its digest.
 *
 * @param registry the real registry host the image came from
 * @param repository the repository, e.g. {@code app/small}
 * @param reference the tag or digest that was asked for
 * @param manifestDigest the digest of {@code manifest}; for a multi-platform image this is the
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
    String registry,
    String repository,
    String reference,
    Digest manifestDigest,
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
   * @param registry the real registry host
   * @param repository the repository
   * @param reference the tag or digest asked for
   * @param manifestDigest the digest of the manifest
   * @param manifestMediaType the manifest's media type
   * @param manifest the manifest bytes
   * @param config the config's descriptor
   * @param configBytes the config bytes
   * @param layers the layers in manifest order
   */
  public PulledImage {
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
    return !Digest.isDigest(reference);
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (pulledByTag() ? ":" : "@")
        + reference
        + " ("
        + manifestDigest
        + ")";
  }
}
