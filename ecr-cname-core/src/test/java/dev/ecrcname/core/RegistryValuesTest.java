package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
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

  static PulledImage pulled(String tag) {
    return new PulledImage(
        new ImageReference(
            RegistryHost.parse("r.example"),
            "app",
            Digest.isDigest(tag) ? null : tag,
            Digest.sha256("manifest")),
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
    assertThat(pulled("1.0")).hasToString("r.example/app:1.0@" + Digest.sha256("manifest"));
    assertThat(pulled(digest)).hasToString("r.example/app@" + Digest.sha256("manifest"));
  }

  @Test
  void resultsWithoutTheirRegistryHostOrDigestAreRefused() {
    ImageReference unresolved = ImageReference.parse("app:1.0");
    assertThatThrownBy(() -> new PushResult(unresolved, Digest.sha256("c"), 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registry host and the digest");
  }

  @Test
  void toBuilderBuildsAClientWithTheSameSettings() {
    try (RegistryClient client =
            RegistryClient.builder()
                .endpoint(URI.create("https://docker-ecr.internal.example"))
                .registryHost("123456789012.dkr.ecr.us-east-1.amazonaws.com")
                .build();
        RegistryClient copy = client.toBuilder().transport(t -> t.withParallelism(8)).build()) {
      assertThat(copy.registryHost()).isEqualTo(client.registryHost());
      assertThat(copy).hasToString(client.toString());
    }
  }

  @Test
  void transportSettingsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> TransportSettings.defaults().withReadTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readTimeout must be positive");
    assertThatThrownBy(() -> TransportSettings.defaults().withMaxAttempts(0))
        .hasMessageContaining("maxAttempts must be at least 1");
    assertThatThrownBy(() -> TransportSettings.defaults().withMinimumTransferRate(0))
        .hasMessageContaining("minimumTransferRate must be at least 1 byte/s");
  }

  @Test
  void parallelismIsBetweenOneAndSixtyFour() {
    // The two bounds are taken, the values outside are refused; what 1 and 64 do is
    // ParallelismTest's.
    assertThat(TransportSettings.defaults().withParallelism(1).parallelism()).isEqualTo(1);
    assertThat(TransportSettings.defaults().withParallelism(64).parallelism()).isEqualTo(64);
    for (int outside : new int[] {0, 65, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> TransportSettings.defaults().withParallelism(outside))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("between 1 and 64, got " + outside);
    }
  }
}
