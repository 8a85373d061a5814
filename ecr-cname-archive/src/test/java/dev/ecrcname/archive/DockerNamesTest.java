package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.ImageReference;
import org.junit.jupiter.api.Test;

class DockerNamesTest {

  @Test
  void ecrNamesKeepTheirRegistry() {
    ImageReference name =
        DockerNames.requireTagged("123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small:1.0");
    assertThat(name.registry()).hasToString("123456789012.dkr.ecr.us-east-1.amazonaws.com");
    assertThat(DockerNames.familiar(name))
        .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small:1.0");
    assertThat(name).hasToString(DockerNames.familiar(name));
  }

  @Test
  void bareNamesNormaliseToDockerHubAsDockerDoes() {
    assertThat(DockerNames.requireTagged("busybox:1")).hasToString("docker.io/library/busybox:1");
    assertThat(DockerNames.requireTagged("app/small:1.0")).hasToString("docker.io/app/small:1.0");
    assertThat(DockerNames.familiar(DockerNames.requireTagged("docker.io/library/busybox:1")))
        .isEqualTo("busybox:1");
  }

  @Test
  void registryPortIsNotMistakenForATag() {
    assertThat(DockerNames.parse("localhost:5000/app")).isEmpty();
    assertThat(DockerNames.requireTagged("localhost:5000/app:2").registry())
        .hasToString("localhost:5000");
  }

  @Test
  void namesDockerRefusesAreRejected() {
    assertThat(DockerNames.parse("noTag")).isEmpty();
    assertThat(DockerNames.parse("UPPER:1")).isEmpty();
    assertThat(DockerNames.parse("app@sha256:" + "a".repeat(64))).isEmpty();
    assertThat(DockerNames.parse("app:" + "t".repeat(129))).isEmpty();
  }

  @Test
  void sameNameComparesNormalisedForms() {
    assertThat(DockerNames.sameName("busybox:latest", "docker.io/library/busybox:latest")).isTrue();
    assertThat(DockerNames.sameName("busybox:latest", "busybox:1")).isFalse();
  }
}
