package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescriptorTest {
  static final Digest DIGEST = Digest.sha256("layer");

  @Test
  void negativeSizeIsRefused() {
    assertThatThrownBy(() -> new Descriptor(MediaTypes.OCI_LAYER, DIGEST, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void sizeZeroIsAnEmptyBlob() {
    assertThat(new Descriptor(MediaTypes.OCI_LAYER, DIGEST, 0).size()).isZero();
  }

  @Test
  void urlsAndAnnotationsAreCopiedSoTheCallerCannotChangeThemLater() {
    List<String> urls = new ArrayList<>(List.of("https://example.com/layer"));
    Map<String, String> annotations = new HashMap<>(Map.of("k", "v"));
    Descriptor descriptor = new Descriptor(MediaTypes.OCI_LAYER, DIGEST, 5, urls, annotations);
    urls.add("https://evil.example/layer");
    annotations.put("k", "changed");

    assertThat(descriptor.urls()).containsExactly("https://example.com/layer");
    assertThat(descriptor.annotations()).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void foreignAndNondistributableLayersAreForeign() {
    assertThat(
            new Descriptor("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", DIGEST, 1)
                .isForeign())
        .isTrue();
    assertThat(
            new Descriptor(
                    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", DIGEST, 1)
                .isForeign())
        .isTrue();
  }

  @Test
  void ordinaryLayersAreNotForeign() {
    assertThat(new Descriptor(MediaTypes.OCI_LAYER + "+gzip", DIGEST, 1).isForeign()).isFalse();
  }
}
