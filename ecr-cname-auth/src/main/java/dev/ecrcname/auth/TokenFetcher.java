package dev.ecrcname.auth;

import dev.ecrcname.auth.EcrAuthException.Reason;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/** One GetAuthorizationToken call, with its failures mapped and its answer decoded. */
final class TokenFetcher implements Supplier<EcrToken> {
  private final AwsClients aws;
  private final @Nullable String roleArn;
  private final GetAuthorizationTokenRequest request;

  @SuppressWarnings("deprecation") // registryIds: see below
  TokenFetcher(AwsClients aws, @Nullable String roleArn, @Nullable String registryId) {
    this.aws = aws;
    this.roleArn = roleArn;
    // registryIds is deprecated (a token works for every registry the principal may use) but still
    // honoured.
    GetAuthorizationTokenRequest.Builder builder = GetAuthorizationTokenRequest.builder();
    if (registryId != null) {
      builder.registryIds(registryId);
    }
    this.request = builder.build();
  }

  @Override
  public EcrToken get() {
    resolveCredentials();
    GetAuthorizationTokenResponse response;
    try {
      response = aws.ecr.getAuthorizationToken(request);
    } catch (RuntimeException e) {
      throw AwsErrors.fromEcr(e, aws.ecrEndpoint);
    }
    return decode(response);
  }

  /**
   * Resolves the base credentials and then the role before the ECR call, so that a failure is
   * attributed to the right step (the SDK would report all three as a failed ECR call). Both
   * providers cache, so this costs no extra AWS call.
   */
  private void resolveCredentials() {
    try {
      aws.base.resolveCredentials();
    } catch (RuntimeException e) {
      throw AwsErrors.noCredentials(e, aws.credentialSource);
    }
    if (aws.role != null && roleArn != null) {
      try {
        aws.role.resolveCredentials();
      } catch (RuntimeException e) {
        throw AwsErrors.assumeRoleFailed(e, roleArn);
      }
    }
  }

  /** Decodes base64 {@code AWS:<password>}. Messages never quote the token: it is the password. */
  static EcrToken decode(GetAuthorizationTokenResponse response) {
    AuthorizationData data =
        response.authorizationData().stream()
            .filter(d -> d.authorizationToken() != null)
            .findFirst()
            .orElseThrow(
                () ->
                    new EcrAuthException(
                        Reason.INVALID_RESPONSE, "ECR returned no authorization token"));
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new EcrAuthException(
          Reason.INVALID_RESPONSE, "ECR returned an authorization token that is not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new EcrAuthException(
          Reason.INVALID_RESPONSE,
          "ECR returned an authorization token that is not base64 of user:password");
    }
    RegistryCredentials credentials =
        new RegistryCredentials(
            decoded.substring(0, colon), decoded.substring(colon + 1), data.expiresAt());
    return new EcrToken(credentials, hostOf(data.proxyEndpoint()));
  }

  private static @Nullable RegistryHost hostOf(@Nullable String proxyEndpoint) {
    if (proxyEndpoint == null || proxyEndpoint.isEmpty()) {
      return null;
    }
    try {
      return RegistryHost.parseUrlOrHost(proxyEndpoint);
    } catch (IllegalArgumentException e) {
      throw new EcrAuthException(
          Reason.INVALID_RESPONSE,
          "ECR returned a proxyEndpoint that is not a URL: " + proxyEndpoint);
    }
  }
}
