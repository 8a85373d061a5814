package dev.ecrcname.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every module's tests script and check requests by these paths, so they must be the API's. */
class RegistryPathsTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void pathsAreTheDistributionApisPaths() {
    assertThat(RegistryPaths.base()).isEqualTo("/v2/");
    assertThat(RegistryPaths.manifest("app/small", "1.0")).isEqualTo("/v2/app/small/manifests/1.0");
    assertThat(RegistryPaths.blob("app/small", DIGEST)).isEqualTo("/v2/app/small/blobs/" + DIGEST);
    assertThat(RegistryPaths.uploads("app/small")).isEqualTo("/v2/app/small/blobs/uploads/");
    assertThat(RegistryPaths.upload("app/small", "u1")).isEqualTo("/v2/app/small/blobs/uploads/u1");
    assertThat(RegistryPaths.tags("app/small")).isEqualTo("/v2/app/small/tags/list");
    assertThat(RegistryPaths.referrers("app/small", DIGEST))
        .isEqualTo("/v2/app/small/referrers/" + DIGEST);
  }

  @Test
  void aDigestIsTakenByItsText() {
    Object digest =
        new Object() {
          @Override
          public String toString() {
            return DIGEST;
          }
        };

    assertThat(RegistryPaths.manifest("app/small", digest))
        .isEqualTo(RegistryPaths.manifest("app/small", DIGEST));
  }

  @Test
  void aMissingPartIsRefusedRatherThanWrittenAsNull() {
    assertThatThrownBy(() -> RegistryPaths.blob("app/small", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RegistryPaths.tags(null)).isInstanceOf(NullPointerException.class);
  }
}
