package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small API values whose rules a caller relies on: what they refuse and what they show. */
class RegistryValuesTest {

  @Test
  void credentialsWithAPasswordButNoUsernameAreRefused() {
    assertThatThrownBy(() -> new RegistryCredentials("", "secret", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ECR uses AWS");
  }

  @Test
  void anonymousCredentialsAreAnonymousAndBasicOnesAreNot() {
    assertThat(RegistryCredentials.anonymous().isAnonymous()).isTrue();
    assertThat(new RegistryCredentials("AWS", "pw", null).isAnonymous()).isFalse();
  }

  @Test
  void expiryIsEmptyWhenUnknown() {
    Instant at = Instant.parse("2026-11-30T12:00:00Z");
    assertThat(new RegistryCredentials("AWS", "pw", at).expiry()).contains(at);
    assertThat(new RegistryCredentials("AWS", "pw", null).expiry()).isEmpty();
  }

  @Test
  void credentialsNeverShowTheirPassword() {
    assertThat(new RegistryCredentials("AWS", "s3cret", null).toString())
        .contains("username=AWS")
        .contains("password=****")
        .doesNotContain("s3cret");
    assertThat(RegistryCredentials.anonymous()).hasToString("RegistryCredentials[anonymous]");
    assertThat(CredentialsProvider.basic("AWS", "s3cret").toString())
        .isEqualTo("CredentialsProvider.basic(AWS, ****)");
  }

  @Test
  void registryExceptionTakesOnlyHttpStatuses() {
    assertThat(new RegistryException(100, RegistryException.ErrorCode.UNKNOWN, "m", null).status())
        .isEqualTo(100);
    assertThat(new RegistryException(599, RegistryException.ErrorCode.UNKNOWN, "m", null).status())
        .isEqualTo(599);
    assertThatThrownBy(
            () -> new RegistryException(99, RegistryException.ErrorCode.UNKNOWN, "m", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an HTTP status: 99");
    assertThatThrownBy(
            () -> new RegistryException(600, RegistryException.ErrorCode.UNKNOWN, "m", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static PulledImage pulled(String reference) {
    return new PulledImage(
        "r.example",
        "app",
        reference,
        Digest.sha256("manifest"),
        MediaTypes.OCI_MANIFEST,
        new byte[0],
        new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256("config"), 6),
        new byte[0],
        List.of());
  }

  @Test
  void pulledImageKnowsWhetherItWasAskedForByTag() {
    String digest = Digest.sha256("m").toString();
    assertThat(pulled("1.0").pulledByTag()).isTrue();
    assertThat(pulled(digest).pulledByTag()).isFalse();
    assertThat(pulled("1.0")).hasToString("r.example/app:1.0 (" + Digest.sha256("manifest") + ")");
    assertThat(pulled(digest).toString()).startsWith("r.example/app@" + digest);
  }

  @Test
  void parallelismIsBetweenOneAndSixtyFour() {
    // The two bounds are taken (the builder goes on), the values outside are refused; what 1 and 64
    // do is ParallelismTest's.
    RegistryClient.Builder builder = RegistryClient.builder();
    assertThat(builder.parallelism(1)).isSameAs(builder);
    assertThat(builder.parallelism(64)).isSameAs(builder);
    for (int outside : new int[] {0, 65, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> RegistryClient.builder().parallelism(outside))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parallelism must be between 1 and 64, got " + outside);
    }
  }
}
