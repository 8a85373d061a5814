package dev.ecrcname.auth;

import static dev.ecrcname.auth.TestProviders.SECRET_ACCESS_KEY;
import static dev.ecrcname.auth.TestProviders.against;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.auth.EcrAuthException.Reason;
import dev.ecrcname.testing.FakeAws;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;

/**
 * AWS failures, from real AWS error bodies on the wire, become typed errors that name the fix and
 * hide secrets.
 */
class AwsErrorsTest {
  private static final String DENIED =
      "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken on resource: *"
          + " because no identity-based policy allows the ecr:GetAuthorizationToken action";

  @RegisterExtension final FakeAws aws = new FakeAws();

  @Test
  void accessDeniedNamesTheMissingPermission() {
    aws.failNextToken(400, "AccessDeniedException", DENIED);
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED))
          .hasMessageContaining("AccessDeniedException (HTTP 400)")
          .hasMessageContaining("arn:aws:iam::123456789012:user/ci")
          .hasMessageContaining("the principal needs ecr:GetAuthorizationToken")
          .hasMessageNotContaining(SECRET_ACCESS_KEY);
    }
    assertThat(aws.ecrRequests()).as("access denied is not retried").isEqualTo(1);
  }

  @Test
  void throttlingIsRetriedByTheSdk() {
    aws.failNextToken(400, "ThrottlingException", "Rate exceeded");
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThat(provider.credentials().password()).isEqualTo("ecr-password-1");
    }
    assertThat(aws.ecrRequests()).isEqualTo(2);
  }

  @Test
  void persistentThrottlingIsThrottledAfterTheSdkRetries() {
    for (int i = 0; i < 3; i++) {
      aws.failNextToken(400, "ThrottlingException", "Rate exceeded");
    }
    try (EcrCredentialsProvider provider =
        against(aws).retryStrategy(TestProviders.immediateRetries(3)).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.THROTTLED))
          .hasMessageContaining("ThrottlingException")
          .hasMessageContaining("share one EcrCredentialsProvider");
    }
    assertThat(aws.ecrRequests()).isEqualTo(3);
  }

  @Test
  void unrecognizedKeysAreInvalidCredentials() {
    aws.failNextToken(
        400,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.");
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CREDENTIALS))
          .hasMessageContaining("UnrecognizedClientException")
          .hasMessageContaining("renew them");
    }
  }

  @Test
  void serverErrorIsOtherAfterRetries() {
    for (int i = 0; i < 3; i++) {
      aws.failNextToken(500, "ServerException", "Internal failure");
    }
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OTHER))
          .hasMessageContaining("ServerException (HTTP 500)");
    }
    assertThat(aws.ecrRequests()).isEqualTo(3);
  }

  @Test
  void unreachableEndpointIsOtherNamingTheEndpoint() throws Exception {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    try (EcrCredentialsProvider provider = against(aws).ecrEndpoint(closed).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OTHER))
          .hasMessageContaining(closed.toString())
          .hasMessageContaining("check network access");
    }
  }

  @Test
  void noRegionNamesTheSettingToFix() {
    AwsProfileRegionProvider emptyProfile =
        new AwsProfileRegionProvider(() -> profileFile(""), "default");
    assertThatThrownBy(
            () ->
                EcrCredentialsProvider.builder()
                    .credentialsProvider(TestProviders.BASE_KEYS)
                    .regionProvider(emptyProfile)
                    .build())
        .isInstanceOfSatisfying(
            EcrAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_REGION))
        .hasMessageContaining("set AWS_REGION");
  }

  @Test
  void noCredentialsNamesTheWaysToProvideThemAndCallsNoAws() {
    ProfileCredentialsProvider noKeys =
        ProfileCredentialsProvider.builder()
            .profileFile(profileFile("[profile ci]\nregion = us-east-1\n"))
            .profileName("ci")
            .build();
    try (EcrCredentialsProvider provider =
        EcrCredentialsProvider.builder()
            .region("us-east-1")
            .credentialsProvider(noKeys)
            .ecrEndpoint(aws.endpoint())
            .build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS))
          .hasMessageContaining("no AWS credentials from the given credentials provider")
          .hasMessageContaining("AWS_ACCESS_KEY_ID")
          .hasMessageContaining("aws sso login")
          // The SDK's own words stay on the cause (issue 21, defect 18).
          .hasMessageNotContaining("Profile file contained no credentials")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(160))
          .satisfies(
              e -> assertThat(e.getCause()).hasMessageContaining("contained no credentials"));
    }
    assertThat(aws.ecrRequests()).isZero();
  }

  private static ProfileFile profileFile(String content) {
    return ProfileFile.builder()
        .content(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))
        .type(ProfileFile.Type.CONFIGURATION)
        .build();
  }
}
