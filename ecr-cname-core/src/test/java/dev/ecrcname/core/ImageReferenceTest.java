package dev.ecrcname.core;

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
    assertThat(ref.registry()).isNull();
  }

  @Test
  void noTagMeansLatestAsInDocker() {
    assertThat(ImageReference.parse("app/small").reference()).isEqualTo("latest");
    assertThat(ImageReference.parse("app/small").tag()).isNull();
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
    ImageReference ecr =
        ImageReference.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small:1.0");
    ImageReference withPort = ImageReference.parse("localhost:8443/app:2");

    assertThat(ecr.registry()).hasToString("123456789012.dkr.ecr.us-east-1.amazonaws.com");
    assertThat(ecr.repository()).isEqualTo("app/small");
    assertThat(withPort.registry()).hasToString("localhost:8443");
    assertThat(withPort.reference()).isEqualTo("2");
  }

  @Test
  void malformedDigestIsRefused() {
    assertThatThrownBy(() -> ImageReference.parse("app@md5:abc")).hasMessageContaining("sha256");
  }

  @Test
  void shortDigestIsAUsageErrorWithAnExample() {
    assertThatThrownBy(() -> ImageReference.parse("app/small@sha256:abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@sha256:<64 lower-case hex digits>");
  }

  @Test
  void upperCaseFirstComponentIsAHostAsInDocker() {
    ImageReference ref = ImageReference.parse("Registry/app:1");
    assertThat(ref.registry()).hasToString("registry");
    assertThat(ref.repository()).isEqualTo("app");
  }

  @Test
  void invalidRepositoryAndTagAreRefusedWithAnExample() {
    assertThatThrownBy(() -> ImageReference.parse("App_/x:1"))
        .hasMessageContaining("e.g. app/small");
    assertThatThrownBy(() -> ImageReference.parse("app:-bad")).hasMessageContaining("e.g. 1.0");
    assertThatThrownBy(() -> ImageReference.parse("  ")).hasMessageContaining("e.g.");
    assertThatThrownBy(() -> ImageReference.parse("host.example/:1"))
        .hasMessageContaining("no repository");
  }

  @Test
  void toStringRoundTrips() {
    for (String text :
        new String[] {
          "app/small:1.0",
          "app/small@" + DIGEST,
          "app/small:1.0@" + DIGEST,
          "localhost:8443/app:2",
          "123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small"
        }) {
      assertThat(ImageReference.parse(text)).hasToString(text);
      assertThat(ImageReference.parse(ImageReference.parse(text).toString()))
          .isEqualTo(ImageReference.parse(text));
    }
  }

  @Test
  void ofTakesATagOrADigest() {
    assertThat(ImageReference.of("app", "1.0"))
        .isEqualTo(new ImageReference(null, "app", "1.0", null));
    assertThat(ImageReference.of("app", DIGEST).digest()).isEqualTo(Digest.parse(DIGEST));
    assertThat(ImageReference.of("app", DIGEST).nameAndReference()).isEqualTo("app@" + DIGEST);
  }
}
