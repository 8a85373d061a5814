package dev.ecrcname.core;

import java.util.List;
import java.util.Map;

/**
 * An OCI content descriptor: what a manifest says about a blob.
 *
 * @param urls where a foreign (non-distributable) layer may be fetched from; empty for ordinary
 *     blobs
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations) {
  public Descriptor {
    if (size < 0) {
      throw new IllegalArgumentException("descriptor size must not be negative: " + size);
    }
    urls = List.copyOf(urls);
    annotations = Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, List.of(), Map.of());
  }

  /** Whether the layer is foreign (Windows base layers) or otherwise marked non-distributable. */
  public boolean isForeign() {
    return mediaType.contains("foreign") || mediaType.contains("nondistributable");
  }
}
