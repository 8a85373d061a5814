package dev.ecrcname.core;

import java.util.List;
import java.util.Map;

/**
 * An OCI content descriptor: what a manifest says about a blob.
 *
 * @param mediaType the blob's media type, e.g. a layer's {@code
 *     application/vnd.oci.image.layer.v1.tar+gzip}
 * @param digest the digest of the blob's bytes
 * @param size the blob's size in bytes
 * @param urls where a foreign (non-distributable) layer may be fetched from; empty for ordinary
 *     blobs
 * @param annotations the descriptor's annotations; empty when it has none
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations) {
  /**
   * Checks the size and copies the lists.
   *
   * @param mediaType the blob's media type
   * @param digest the digest of the blob's bytes
   * @param size the blob's size in bytes
   * @param urls where a foreign layer may be fetched from
   * @param annotations the descriptor's annotations
   * @throws IllegalArgumentException when the size is negative
   */
  public Descriptor {
    if (size < 0) {
      throw new IllegalArgumentException("descriptor size must not be negative: " + size);
    }
    urls = List.copyOf(urls);
    annotations = Map.copyOf(annotations);
  }

  /**
   * A descriptor without URLs or annotations.
   *
   * @param mediaType the blob's media type
   * @param digest the digest of the blob's bytes
   * @param size the blob's size in bytes
   */
  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, List.of(), Map.of());
  }

  /**
   * Whether the layer is foreign (Windows base layers) or otherwise marked non-distributable.
   *
   * @return true for a foreign or non-distributable layer
   */
  public boolean isForeign() {
    return mediaType.contains("foreign") || mediaType.contains("nondistributable");
  }
}
