package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManifestFormatTest {

  @Test
  void dockerFormatUsesDockerMediaTypes() {
    assertThat(ManifestFormat.DOCKER_V2S2.manifestMediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(ManifestFormat.DOCKER_V2S2.configMediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(ManifestFormat.DOCKER_V2S2.layerMediaType(Compression.GZIP))
        .isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
    assertThat(ManifestFormat.DOCKER_V2S2.layerMediaType(Compression.NONE))
        .isEqualTo(MediaTypes.DOCKER_LAYER);
  }

  @Test
  void ociFormatUsesOciMediaTypes() {
    assertThat(ManifestFormat.OCI.manifestMediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(ManifestFormat.OCI.configMediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
    assertThat(ManifestFormat.OCI.layerMediaType(Compression.GZIP))
        .isEqualTo(MediaTypes.OCI_LAYER_GZIP);
    assertThat(ManifestFormat.OCI.layerMediaType(Compression.ZSTD))
        .isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
    assertThat(ManifestFormat.OCI.layerMediaType(Compression.NONE)).isEqualTo(MediaTypes.OCI_LAYER);
  }

  @Test
  void zstdLayersInADockerManifestAreRefusedWithTheOptionThatHelps() {
    assertThatThrownBy(() -> ManifestFormat.DOCKER_V2S2.layerMediaType(Compression.ZSTD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--format oci");
  }
}
