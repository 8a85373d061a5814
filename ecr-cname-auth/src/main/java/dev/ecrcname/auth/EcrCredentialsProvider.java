package dev.ecrcname.auth;

import dev.ecrcname.auth.EcrAuthException.Reason;
import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.ProxyCredentials;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.core.internal.tls.PemCertificates;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * ECR registry credentials from AWS: calls {@code ecr:GetAuthorizationToken} and serves the decoded
 * {@code AWS:<password>} as Basic credentials, cached and refreshed ahead of expiry, single-flight.
 *
 * <pre>{@code
 * try (EcrCredentialsProvider ecr = EcrCredentialsProvider.builder().region("us-east-1").build()) {
 *   RegistryCredentials now = ecr.credentials();
 * }
 * }</pre>
 *
 * <p>With nothing set it uses the AWS SDK's default region and credentials chains (environment,
 * profiles, SSO, container and EC2 instance roles). Thread-safe; share one per process. Close it to
 * release its SDK clients.
 */
public final class EcrCredentialsProvider implements CredentialsProvider, AutoCloseable {
  private final AwsClients aws;
  private final TokenCache cache;
  private final String description;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EcrCredentialsProvider(Builder builder) {
    this.aws = new AwsClients(builder);
    TokenFetcher fetcher = new TokenFetcher(aws, builder.roleArn, builder.registryId);
    this.cache = new TokenCache(fetcher, builder.clock, builder.refreshAhead);
    this.description =
        "EcrCredentialsProvider[region="
            + aws.region.id()
            + (builder.profile == null ? "" : ", profile=" + builder.profile)
            + (builder.roleArn == null ? "" : ", roleArn=" + builder.roleArn)
            + (builder.registryId == null ? "" : ", registryId=" + builder.registryId)
            + "]";
  }

  /**
   * A builder; every setting is optional.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The registry credentials to use now: user {@code AWS} and the token's password, with the
   * token's expiry.
   *
   * @throws EcrAuthException when AWS cannot provide a token; {@link EcrAuthException#reason()}
   *     says why
   */
  @Override
  public RegistryCredentials credentials() {
    ensureOpen();
    return cache.get().credentials();
  }

  /** Forgets the cached token; the next call fetches a new one. */
  @Override
  public void invalidate() {
    cache.invalidate();
  }

  /**
   * The registry answered 401 to {@code rejected}: forgets that token unless it was already
   * replaced, so that many parallel 401s of one expired token make one GetAuthorizationToken call.
   */
  @Override
  public void invalidate(RegistryCredentials rejected) {
    cache.rejected(rejected.password());
  }

  /**
   * The registry host from the token's {@code proxyEndpoint}, e.g. {@code
   * 123456789012.dkr.ecr.us-east-1.amazonaws.com}; fetches a token when none is cached.
   *
   * @throws EcrAuthException with {@link Reason#INVALID_RESPONSE} when that host is not an ECR
   *     registry host
   */
  @Override
  public Optional<RegistryHost> registryHost() {
    ensureOpen();
    RegistryHost host = cache.latest().proxyHost();
    if (host == null) {
      return Optional.empty();
    }
    if (!host.isEcr()) {
      throw new EcrAuthException(
          Reason.INVALID_RESPONSE,
          "ECR's proxyEndpoint host "
              + host
              + " is not an ECR registry host; set the registry host on the client explicitly");
    }
    return Optional.of(host);
  }

  /** Closes the SDK clients this provider created; not a credentials provider passed in. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      aws.close();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this EcrCredentialsProvider is closed");
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /** Builds an {@link EcrCredentialsProvider}. Every setting is optional. */
  public static final class Builder {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    @Nullable String region;
    @Nullable String profile;
    @Nullable String roleArn;
    String roleSessionName = "ecr-cname";
    @Nullable String externalId;
    @Nullable String registryId;
    @Nullable URI ecrEndpoint;
    @Nullable URI stsEndpoint;
    @Nullable AwsCredentialsProvider credentialsProvider;
    @Nullable ProxySelector proxy;
    @Nullable ProxyCredentials proxyCredentials;
    final List<X509Certificate> trustedCertificates = new ArrayList<>();
    Duration refreshAhead = Duration.ofMinutes(30);
    Clock clock = Clock.systemUTC();
    // Test hooks: a region chain with a controlled profile file, and a retry strategy that does not
    // sleep.
    @Nullable AwsRegionProvider regionProvider;
    @Nullable RetryStrategy retryStrategy;

    private Builder() {}

    /**
     * The AWS region, e.g. {@code us-east-1}. Default: the SDK's region chain (AWS_REGION, the
     * profile, EC2).
     *
     * @param region the region's ID
     * @return this builder
     */
    public Builder region(String region) {
      this.region = requireText(region, "region");
      return this;
    }

    /**
     * A named profile from ~/.aws/config and ~/.aws/credentials, for credentials and region.
     *
     * @param profile the profile's name
     * @return this builder
     */
    public Builder profile(String profile) {
      this.profile = requireText(profile, "profile");
      return this;
    }

    /**
     * A role to assume through STS, on top of the base credentials; the session is refreshed
     * automatically.
     *
     * @param roleArn e.g. {@code arn:aws:iam::123456789012:role/puller}
     * @return this builder
     */
    public Builder roleArn(String roleArn) {
      this.roleArn = requireText(roleArn, "roleArn");
      return this;
    }

    /**
     * The role session name, shown in CloudTrail. Default {@code ecr-cname}.
     *
     * @param roleSessionName the session name
     * @return this builder
     */
    public Builder roleSessionName(String roleSessionName) {
      this.roleSessionName = requireText(roleSessionName, "roleSessionName");
      return this;
    }

    /**
     * The external ID the role's trust policy requires, if any.
     *
     * @param externalId the external ID
     * @return this builder
     */
    public Builder externalId(String externalId) {
      this.externalId = requireText(externalId, "externalId");
      return this;
    }

    /**
     * The 12-digit account of the registry; by default the caller's own registry.
     *
     * @param registryId the account ID
     * @return this builder
     * @throws IllegalArgumentException when it is not 12 digits
     */
    public Builder registryId(String registryId) {
      if (!ACCOUNT_ID.matcher(registryId).matches()) {
        throw new IllegalArgumentException(
            "registryId must be a 12-digit AWS account ID, got: " + registryId);
      }
      this.registryId = registryId;
      return this;
    }

    /**
     * The ECR API endpoint, e.g. a VPC endpoint ({@code
     * https://vpce-….api.ecr.us-east-1.vpce.amazonaws.com}).
     *
     * @param ecrEndpoint the endpoint URL
     * @return this builder
     */
    public Builder ecrEndpoint(URI ecrEndpoint) {
      this.ecrEndpoint = Objects.requireNonNull(ecrEndpoint, "ecrEndpoint");
      return this;
    }

    /**
     * A PEM file of CA certificates to trust, in addition to the system's, for the calls to ECR and
     * STS (e.g. a TLS-inspecting proxy's CA). May be called more than once; the file is read now.
     *
     * @param pemFile the PEM file
     * @return this builder
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public Builder trustedCertificates(Path pemFile) {
      trustedCertificates.addAll(PemCertificates.read(Objects.requireNonNull(pemFile, "pemFile")));
      return this;
    }

    /**
     * The STS endpoint used to assume {@link #roleArn(String)}, e.g. a VPC endpoint.
     *
     * @param stsEndpoint the endpoint URL
     * @return this builder
     */
    public Builder stsEndpoint(URI stsEndpoint) {
      this.stsEndpoint = Objects.requireNonNull(stsEndpoint, "stsEndpoint");
      return this;
    }

    /**
     * The base AWS credentials, instead of the profile or the default chain. The caller keeps
     * ownership.
     *
     * @param credentialsProvider the AWS credentials
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
      return this;
    }

    /**
     * Sends the AWS API calls (ECR's GetAuthorizationToken, STS's AssumeRole) through the proxy
     * this selector picks for each URL, as {@code RegistryClient.builder().proxy(...)} does for the
     * registry. Default: the JVM's default proxy settings.
     *
     * @param proxy the selector; {@link java.net.Proxy#NO_PROXY} for hosts to reach directly
     * @return this builder
     */
    public Builder proxy(ProxySelector proxy) {
      this.proxy = Objects.requireNonNull(proxy, "proxy");
      return this;
    }

    /**
     * Basic credentials for a proxy that answers {@code 407}. For HTTPS the JDK sends Basic to a
     * proxy only when the system property {@code jdk.http.auth.tunneling.disabledSchemes} is empty
     * before the first connection (its default disables Basic).
     *
     * @param credentials the proxy user and password
     * @return this builder
     */
    public Builder proxyCredentials(ProxyCredentials credentials) {
      this.proxyCredentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Refresh the token when less than this is left of its life. Default 30 minutes (tokens last 12
     * hours).
     *
     * @param refreshAhead the margin; not negative
     * @return this builder
     * @throws IllegalArgumentException when it is negative
     */
    public Builder refreshAhead(Duration refreshAhead) {
      if (refreshAhead.isNegative()) {
        throw new IllegalArgumentException(
            "refreshAhead must not be negative, got: " + refreshAhead);
      }
      this.refreshAhead = refreshAhead;
      return this;
    }

    /**
     * The clock that token expiry is judged by. Default: the system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    Builder regionProvider(AwsRegionProvider regionProvider) {
      this.regionProvider = regionProvider;
      return this;
    }

    Builder retryStrategy(RetryStrategy retryStrategy) {
      this.retryStrategy = retryStrategy;
      return this;
    }

    /**
     * Resolves the region and creates the SDK clients; the first GetAuthorizationToken waits for
     * the first {@link EcrCredentialsProvider#credentials()}.
     *
     * @return the provider; close it
     * @throws EcrAuthException with {@link Reason#NO_REGION} when no region is set or found
     * @throws IllegalArgumentException when an external ID is set without a role
     */
    public EcrCredentialsProvider build() {
      if (roleArn == null && externalId != null) {
        throw new IllegalArgumentException(
            "externalId is set but roleArn is not: set the role to assume");
      }
      return new EcrCredentialsProvider(this);
    }

    private static String requireText(String value, String name) {
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
