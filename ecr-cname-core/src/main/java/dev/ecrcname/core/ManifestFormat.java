package dev.ecrcname.core;

/** The manifest schema a push writes. */
public enum ManifestFormat {
  /**
   * Docker image manifest v2 schema 2: what {@code docker push} writes, and what every client
   * reads.
   */
  DOCKER_V2S2(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG),
  /** OCI image manifest; needed for zstd layers. */
  OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG);

  private final String manifestMediaType;
  private final String configMediaType;

  ManifestFormat(String manifestMediaType, String configMediaType) {
    this.manifestMediaType = manifestMediaType;
    this.configMediaType = configMediaType;
  }

  /**
   * The media type of manifests in this format.
   *
   * @return e.g. {@code application/vnd.oci.image.manifest.v1+json}
   */
  public String manifestMediaType() {
    return manifestMediaType;
  }

  /**
   * The media type of the config in this format.
   *
   * @return e.g. {@code application/vnd.oci.image.config.v1+json}
   */
  public String configMediaType() {
    return configMediaType;
  }

  /**
   * The layer media type for stored bytes of {@code compression}.
   *
   * @param compression how the layer's bytes are stored
   * @return the media type this format gives such a layer
   * @throws IllegalArgumentException for zstd in the Docker format, which cannot describe it
   */
  public String layerMediaType(Compression compression) {
    return switch (compression) {
      case GZIP -> this == OCI ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.DOCKER_LAYER_GZIP;
      case ZSTD -> {
        if (this == DOCKER_V2S2) {
          throw new IllegalArgumentException(
              "zstd layers cannot be described by a Docker v2s2 manifest; push with the OCI format (--format oci)");
        }
        yield MediaTypes.OCI_LAYER_ZSTD;
      }
      case NONE -> this == OCI ? MediaTypes.OCI_LAYER : MediaTypes.DOCKER_LAYER;
    };
  }
}
