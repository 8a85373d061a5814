package dev.ecrcname.core;

import java.util.List;

/** The media types of the Docker v2 schema 2 and OCI image specs. */
public final class MediaTypes {
  /** OCI image index: one manifest per platform. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image config. */
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

  /** OCI layer, an uncompressed tar. */
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";

  /** OCI layer, a gzip-compressed tar. */
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** OCI layer, a zstd-compressed tar. */
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  /** Docker manifest list: one manifest per platform. */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** Docker image manifest v2 schema 2. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker image config. */
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";

  /** Docker layer, an uncompressed tar. */
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";

  /** Docker layer, a gzip-compressed tar. */
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";

  /** Docker foreign layer (Windows base layers), fetched from its URLs rather than the registry. */
  public static final String DOCKER_FOREIGN_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

  /**
   * Everything we can read, sent on every manifest GET. ECR converts by tag between schema 2 and
   * OCI and downgrades to schema 1 for a client whose Accept lacks schema 2, so this list must
   * always be complete.
   */
  public static final List<String> ACCEPT =
      List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

  /**
   * Whether a media type names an index (OCI index or Docker manifest list).
   *
   * @param mediaType a manifest media type
   * @return true for an index
   */
  public static boolean isIndex(String mediaType) {
    return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_MANIFEST_LIST);
  }

  /**
   * Whether a media type names a single image's manifest (OCI or Docker v2s2).
   *
   * @param mediaType a manifest media type
   * @return true for an image manifest
   */
  public static boolean isImageManifest(String mediaType) {
    return mediaType.equals(OCI_MANIFEST) || mediaType.equals(DOCKER_MANIFEST);
  }

  private MediaTypes() {}
}
