package dev.ecrcname.auth;

import static dev.ecrcname.auth.TestProviders.ACCESS_KEY_ID;
import static dev.ecrcname.auth.TestProviders.SECRET_ACCESS_KEY;
import static dev.ecrcname.auth.TestProviders.against;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.auth.EcrAuthException.Reason;
import dev.ecrcname.testing.FakeAws;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** roleArn: STS AssumeRole through the stsEndpoint override, then ECR with the role's keys. */
class AssumeRoleTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/ecr-pull";

  @RegisterExtension final FakeAws aws = new FakeAws();

  @Test
  void assumeRoleIsAQueryFormSignedWithTheBaseKeys() throws Exception {
    try (EcrCredentialsProvider provider =
        against(aws).roleArn(ROLE).externalId("partner-42").stsEndpoint(aws.endpoint()).build()) {
      provider.credentials();
    }
    RecordedRequest request = aws.takeStsRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("Content-Type"))
        .startsWith("application/x-www-form-urlencoded");
    assertThat(form(request))
        .containsEntry("Action", "AssumeRole")
        .containsEntry("Version", "2011-06-15")
        .containsEntry("RoleArn", ROLE)
        .containsEntry("RoleSessionName", "ecr-cname")
        .containsEntry("ExternalId", "partner-42");
    assertThat(request.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")
        .contains("/us-east-1/sts/aws4_request");
  }

  @Test
  void ecrCallIsSignedWithTheAssumedRoleSession() throws Exception {
    try (EcrCredentialsProvider provider =
        against(aws).roleArn(ROLE).stsEndpoint(aws.endpoint()).build()) {
      provider.credentials();
    }
    RecordedRequest request = aws.takeEcrRequest();
    assertThat(request.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + FakeAws.ROLE_ACCESS_KEY_ID + "/")
        .contains("/us-east-1/ecr/aws4_request");
    assertThat(request.getHeaders().get("X-Amz-Security-Token"))
        .isEqualTo(FakeAws.ROLE_SESSION_TOKEN);
  }

  @Test
  void roleSessionNameIsConfigurable() throws Exception {
    try (EcrCredentialsProvider provider =
        against(aws)
            .roleArn(ROLE)
            .roleSessionName("ci-runner-7")
            .stsEndpoint(aws.endpoint())
            .build()) {
      provider.credentials();
    }
    assertThat(form(aws.takeStsRequest()))
        .containsEntry("RoleSessionName", "ci-runner-7")
        .doesNotContainKey("ExternalId");
  }

  @Test
  void roleSessionIsReusedAcrossTokenFetches() {
    try (EcrCredentialsProvider provider =
        against(aws).roleArn(ROLE).stsEndpoint(aws.endpoint()).build()) {
      provider.credentials();
      provider.invalidate();
      provider.credentials();
    }
    assertThat(aws.ecrRequests()).isEqualTo(2);
    assertThat(aws.stsRequests()).isEqualTo(1);
  }

  @Test
  void deniedAssumeRoleIsAssumeRoleFailedNamingTheRole() {
    aws.failNextAssumeRole(
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: "
            + ROLE);
    try (EcrCredentialsProvider provider =
        against(aws).roleArn(ROLE).stsEndpoint(aws.endpoint()).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.ASSUME_ROLE_FAILED))
          .hasMessageContaining("could not assume role " + ROLE)
          .hasMessageContaining("AccessDenied (HTTP 403)")
          .hasMessageContaining("sts:AssumeRole")
          .hasMessageContaining("trust policy")
          .hasMessageNotContaining(SECRET_ACCESS_KEY);
    }
    assertThat(aws.ecrRequests()).isZero();
  }

  private static Map<String, String> form(RecordedRequest request) {
    return Arrays.stream(request.getBody().utf8().split("&"))
        .map(pair -> pair.split("=", 2))
        .collect(
            Collectors.toMap(
                kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                kv -> URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8)));
  }
}
