package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void tagIsTakenAfterTheLastColonOfTheLastComponent() {
    ImageReference ref = ImageReference.parse("app/small:1.0");

    assertThat(ref.repository()).isEqualTo("app/small");
    assertThat(ref.reference()).isEqualTo("1.0");
    assertThat(ref.host()).isNull();
  }

  @Test
  void noTagMeansLatestAsInDocker() {
    assertThat(ImageReference.parse("app/small").reference()).isEqualTo("latest");
  }

  @Test
  void digestWinsOverTag() {
    ImageReference ref = ImageReference.parse("app/small:1.0@" + DIGEST);

    assertThat(ref.reference()).isEqualTo(DIGEST);
    assertThat(ref.tag()).isEqualTo("1.0");
    assertThat(ref.byDigest()).isTrue();
  }

  @Test
  void leadingHostWithADotOrPortIsSplitOff() {
    ImageReference ecr = ImageReference.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small:1.0");
    ImageReference withPort = ImageReference.parse("localhost:8443/app:2");

    assertThat(ecr.host()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com");
    assertThat(ecr.repository()).isEqualTo("app/small");
    assertThat(withPort.host()).isEqualTo("localhost:8443");
    assertThat(withPort.reference()).isEqualTo("2");
  }

  @Test
  void defaultFileNameFollowsTheReference() {
    assertThat(ImageReference.parse("app/small:1.0").defaultFileName()).isEqualTo("app-small_1.0.tar");
    assertThat(ImageReference.parse("app/small@" + DIGEST).defaultFileName()).isEqualTo("app-small_sha256-abababababab.tar");
    assertThat(ImageReference.parse("tool").defaultFileName()).isEqualTo("tool_latest.tar");
  }

  @Test
  void malformedDigestIsRefused() {
    assertThatThrownBy(() -> ImageReference.parse("app@md5:abc")).hasMessageContaining("sha256");
  }
}
