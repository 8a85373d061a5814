package dev.ecrcname.auth;

import dev.ecrcname.testing.FakeAws;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Builders wired to the fakes, with fake static keys, so that tests never touch a real account or
 * chain.
 */
final class TestProviders {
  static final String ACCESS_KEY_ID = "AKIDFAKEBASEKEY00001";
  static final String SECRET_ACCESS_KEY = "base-secret-key-do-not-leak";
  static final StaticCredentialsProvider BASE_KEYS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));

  private TestProviders() {}

  /**
   * us-east-1, the fake keys, the fake ECR, and the SDK's AWS retry conditions without sleeping
   * between attempts.
   */
  static EcrCredentialsProvider.Builder against(FakeAws aws) {
    return EcrCredentialsProvider.builder()
        .region("us-east-1")
        .credentialsProvider(BASE_KEYS)
        .ecrEndpoint(aws.endpoint())
        .retryStrategy(immediateRetries(3));
  }

  static RetryStrategy immediateRetries(int maxAttempts) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(maxAttempts)
        .backoffStrategy(BackoffStrategy.retryImmediately())
        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
        .circuitBreakerEnabled(false)
        .build();
  }
}
