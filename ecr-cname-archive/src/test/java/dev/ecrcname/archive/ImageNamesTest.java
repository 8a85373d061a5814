package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageNamesTest {

  @Test
  void ecrNamesKeepTheirRegistry() {
    ImageNames.TaggedName name =
        ImageNames.requireTagged("123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small:1.0");
    assertThat(name.domain()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com");
    assertThat(name.familiar()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small:1.0");
    assertThat(name.normalized()).isEqualTo(name.familiar());
  }

  @Test
  void bareNamesNormaliseToDockerHubAsDockerDoes() {
    assertThat(ImageNames.requireTagged("busybox:1").normalized()).isEqualTo("docker.io/library/busybox:1");
    assertThat(ImageNames.requireTagged("app/small:1.0").normalized()).isEqualTo("docker.io/app/small:1.0");
    assertThat(ImageNames.requireTagged("docker.io/library/busybox:1").familiar()).isEqualTo("busybox:1");
  }

  @Test
  void registryPortIsNotMistakenForATag() {
    assertThat(ImageNames.parse("localhost:5000/app")).isEmpty();
    assertThat(ImageNames.requireTagged("localhost:5000/app:2").domain()).isEqualTo("localhost:5000");
  }

  @Test
  void namesDockerRefusesAreRejected() {
    assertThat(ImageNames.parse("noTag")).isEmpty();
    assertThat(ImageNames.parse("UPPER:1")).isEmpty();
    assertThat(ImageNames.parse("app@sha256:" + "a".repeat(64))).isEmpty();
    assertThat(ImageNames.parse("app:" + "t".repeat(129))).isEmpty();
  }

  @Test
  void sameNameComparesNormalisedForms() {
    assertThat(ImageNames.sameName("busybox:latest", "docker.io/library/busybox:latest")).isTrue();
    assertThat(ImageNames.sameName("busybox:latest", "busybox:1")).isFalse();
  }
}
