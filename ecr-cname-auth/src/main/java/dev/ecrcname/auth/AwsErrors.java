package dev.ecrcname.auth;

import dev.ecrcname.auth.EcrAuthException.Reason;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Turns AWS SDK failures into {@link EcrAuthException}s that name what to fix. Messages carry AWS's
 * error code and message (which name the principal and the action, never a key) but no request or
 * credential data.
 */
final class AwsErrors {
  // The codes AWS uses when it does not accept the signature or the keys behind it.
  private static final Set<String> REJECTED_CREDENTIALS =
      Set.of(
          "UnrecognizedClientException",
          "InvalidSignatureException",
          "IncompleteSignature",
          "ExpiredTokenException",
          "ExpiredToken",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch");
  private static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "AccessDenied");

  private AwsErrors() {}

  static EcrAuthException noRegion(RuntimeException e, @Nullable String profile) {
    String where =
        profile == null
            ? ", or region in ~/.aws/config"
            : ", or region in profile '" + profile + "'";
    return new EcrAuthException(
        Reason.NO_REGION,
        "no AWS region is configured: set AWS_REGION, the builder's region(...) or the CLI's --region"
            + where,
        e);
  }

  /**
   * @param source where the base credentials come from, e.g. "profile 'dev'"
   */
  static EcrAuthException noCredentials(RuntimeException e, String source) {
    // Not the SDK's message: for the default chain it lists every provider with its complaint,
    // about 1,400 characters (issue 21, defect 18). It stays on the cause, for stack traces (-v).
    return new EcrAuthException(
        Reason.NO_CREDENTIALS,
        "no AWS credentials from "
            + source
            + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile or run 'aws sso"
            + " login'",
        e);
  }

  static EcrAuthException assumeRoleFailed(RuntimeException e, String roleArn) {
    AwsServiceException service = serviceCause(e);
    String detail = service == null ? String.valueOf(e.getMessage()) : describe(service);
    return new EcrAuthException(
        Reason.ASSUME_ROLE_FAILED,
        "could not assume role "
            + roleArn
            + ": "
            + detail
            + "; the base credentials need sts:AssumeRole on the role, and the role's trust policy must allow them"
            + " (with the same externalId, if one is set)",
        e);
  }

  /** Maps a failed GetAuthorizationToken call. */
  static EcrAuthException fromEcr(RuntimeException e, String endpoint) {
    AwsServiceException service = serviceCause(e);
    if (service == null) {
      return new EcrAuthException(
          Reason.OTHER,
          "could not call ECR GetAuthorizationToken at "
              + endpoint
              + ": "
              + e.getMessage()
              + "; check network access to the ECR API endpoint (or the ecrEndpoint override)",
          e);
    }
    String code = errorCode(service);
    if (service.isThrottlingException()) {
      return new EcrAuthException(
          Reason.THROTTLED,
          "ECR throttled GetAuthorizationToken even after the SDK's retries ("
              + describe(service)
              + "); the account's limit is 20 calls per second: share one EcrCredentialsProvider per process",
          e);
    }
    if (ACCESS_DENIED.contains(code)) {
      return new EcrAuthException(
          Reason.ACCESS_DENIED,
          "ECR denied GetAuthorizationToken ("
              + describe(service)
              + "); the principal needs ecr:GetAuthorizationToken, e.g. from the AmazonEC2ContainerRegistryReadOnly"
              + " policy",
          e);
    }
    if (REJECTED_CREDENTIALS.contains(code)) {
      return new EcrAuthException(
          Reason.INVALID_CREDENTIALS,
          "AWS rejected the credentials ("
              + describe(service)
              + "); the keys are wrong or the session expired: renew them (e.g. 'aws sso login')",
          e);
    }
    return new EcrAuthException(
        Reason.OTHER,
        "ECR GetAuthorizationToken failed at " + endpoint + ": " + describe(service),
        e);
  }

  /**
   * E.g. {@code AccessDeniedException (HTTP 400): User: arn:aws:iam::… is not authorized to
   * perform: …}.
   */
  private static String describe(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String message = details == null ? null : details.errorMessage();
    return errorCode(e)
        + " (HTTP "
        + e.statusCode()
        + ")"
        + (message == null ? "" : ": " + message);
  }

  private static String errorCode(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    return code == null ? "unknown error" : code;
  }

  /**
   * The SDK sometimes wraps a service error, e.g. when a credentials provider fails inside a call.
   */
  private static @Nullable AwsServiceException serviceCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException service) {
        return service;
      }
    }
    return null;
  }
}
