package dev.ecrcname.auth;

import static dev.ecrcname.auth.TestProviders.ACCESS_KEY_ID;
import static dev.ecrcname.auth.TestProviders.SECRET_ACCESS_KEY;
import static dev.ecrcname.auth.TestProviders.against;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.auth.EcrAuthException.Reason;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.testing.FakeAws;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GetAuthorizationToken on the wire, and how its answer is decoded. */
class EcrCredentialsProviderTest {
  @RegisterExtension final FakeAws aws = new FakeAws();

  @Test
  void getAuthorizationTokenIsASigV4SignedJsonCall() throws Exception {
    try (EcrCredentialsProvider provider = against(aws).build()) {
      provider.credentials();
    }
    RecordedRequest request = aws.takeEcrRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("X-Amz-Target"))
        .isEqualTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-amz-json-1.1");
    assertThat(request.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")
        .contains("/us-east-1/ecr/aws4_request")
        .contains("SignedHeaders=")
        .contains("x-amz-target")
        .containsPattern("Signature=[0-9a-f]{64}$")
        .doesNotContain(SECRET_ACCESS_KEY);
    assertThat(request.getBody().utf8()).isEqualTo("{}");
  }

  @Test
  void registryIdIsSentAsRegistryIds() throws Exception {
    try (EcrCredentialsProvider provider = against(aws).registryId("210987654321").build()) {
      provider.credentials();
    }
    assertThat(aws.takeEcrRequest().getBody().utf8())
        .isEqualTo("{\"registryIds\":[\"210987654321\"]}");
  }

  @Test
  void tokenIsDecodedIntoUserPasswordAndExpiry() {
    Instant expiry = Instant.parse("2031-05-04T03:02:01.250Z");
    aws.password("s3cr3t-registry-password").expiresAt(() -> expiry);
    try (EcrCredentialsProvider provider = against(aws).build()) {
      RegistryCredentials credentials = provider.credentials();
      assertThat(credentials.username()).isEqualTo("AWS");
      assertThat(credentials.password()).isEqualTo("s3cr3t-registry-password");
      assertThat(credentials.expiresAt()).isEqualTo(expiry);
      assertThat(credentials.toString()).doesNotContain("s3cr3t-registry-password");
    }
  }

  @Test
  void passwordKeepsEverythingAfterTheFirstColon() {
    aws.password("eyJwYXlsb2FkIjoi:with:colons==");
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThat(provider.credentials().password()).isEqualTo("eyJwYXlsb2FkIjoi:with:colons==");
    }
  }

  @Test
  void registryHostComesFromProxyEndpointWithOneCall() {
    aws.proxyEndpoint("https://210987654321.dkr.ecr.eu-west-1.amazonaws.com");
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThat(provider.registryHost())
          .contains(RegistryHost.parse("210987654321.dkr.ecr.eu-west-1.amazonaws.com"));
      provider.credentials();
      assertThat(aws.ecrRequests()).isEqualTo(1);
    }
  }

  @Test
  void registryHostRejectsAProxyEndpointThatIsNotEcr() {
    aws.proxyEndpoint("https://registry.example.com");
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThatThrownBy(provider::registryHost)
          .isInstanceOfSatisfying(
              EcrAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE))
          .hasMessageContaining("registry.example.com")
          .hasMessageContaining("set the registry host");
    }
  }

  @Test
  void tokenThatIsNotBase64IsAnInvalidResponseThatDoesNotQuoteIt() {
    aws.answerNextToken(
        "{\"authorizationData\":[{\"authorizationToken\":\"not-base64-secret!!\"}]}");
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE))
          .hasMessageNotContaining("not-base64-secret");
    }
  }

  @Test
  void tokenWithoutUserIsAnInvalidResponseThatDoesNotQuoteIt() {
    String token =
        Base64.getEncoder()
            .encodeToString("password-without-user".getBytes(StandardCharsets.UTF_8));
    aws.answerNextToken("{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\"}]}");
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOf(EcrAuthException.class)
          .hasMessageContaining("user:password")
          .hasMessageNotContaining("password-without-user")
          .hasMessageNotContaining(token);
    }
  }

  @Test
  void emptyAuthorizationDataIsAnInvalidResponse() {
    aws.answerNextToken("{\"authorizationData\":[]}");
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThatThrownBy(provider::credentials)
          .isInstanceOfSatisfying(
              EcrAuthException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE))
          .hasMessageContaining("no authorization token");
    }
  }

  @Test
  void toStringNamesTheSettingsButNoSecret() {
    try (EcrCredentialsProvider provider =
        against(aws)
            .roleArn("arn:aws:iam::123456789012:role/ecr-pull")
            .externalId("ext-id")
            .build()) {
      assertThat(provider.toString())
          .contains("us-east-1", "arn:aws:iam::123456789012:role/ecr-pull")
          .doesNotContain(SECRET_ACCESS_KEY, "ext-id");
    }
  }

  @Test
  void closedProviderRefusesToFetch() {
    EcrCredentialsProvider provider = against(aws).build();
    provider.close();
    assertThatThrownBy(provider::credentials)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(aws.ecrRequests()).isZero();
  }

  @Test
  void externalIdWithoutRoleIsRefused() {
    assertThatThrownBy(() -> against(aws).externalId("ext-id").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roleArn");
  }

  @Test
  void registryIdMustBeAnAccountId() {
    assertThatThrownBy(() -> EcrCredentialsProvider.builder().registryId("12345"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12-digit");
  }
}
