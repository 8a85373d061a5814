package dev.ecrcname.cli;

import dev.ecrcname.core.RegistryHost;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one registry and whom to be there, resolved once from the options ({@link
 * Connections}) and never changed after: the endpoint parsed once, the registry host when it is
 * known before the client is built, trust, and where the credentials come from. {@code copy} has
 * two: the source's and the target's.
 *
 * @param endpoint the CNAME to dial, or null when none is given (only {@code token} and {@code
 *     login} do without)
 * @param registry the registry host from {@code --registry} (or an ECR host an image reference
 *     names), or null: then the client takes it from the token, else the endpoint's host
 * @param caFile a readable PEM file of CA certificates to trust as well, or null
 * @param cacheDir the layer cache, or null for the default
 * @param insecurePlainHttp whether a plain http endpoint is allowed
 * @param resolve {@code --resolve HOST:ADDR} entries
 * @param credentials where the registry credentials come from
 * @param proxies the proxies of the environment, for the registry and the AWS calls
 */
record RegistryConnection(
    @Nullable URI endpoint,
    @Nullable RegistryHost registry,
    @Nullable Path caFile,
    @Nullable Path cacheDir,
    boolean insecurePlainHttp,
    List<String> resolve,
    CredentialSource credentials,
    ProxyEnvironment proxies) {

  RegistryConnection {
    resolve = List.copyOf(resolve);
  }

  /**
   * Where the registry credentials come from, in the README's order: static ones from stdin, else
   * docker's config for the registry or endpoint host (when no AWS option or AWS credential is
   * set), else an ECR token from AWS with these options.
   *
   * @param username the static user ({@code AWS} unless {@code --username})
   * @param passwordStdin whether the password is read from stdin
   * @param aws the AWS options for the token
   * @param dockerConfig whether docker's config may be read at all (never by {@code login} and
   *     {@code token}, which refresh it)
   */
  record CredentialSource(
      String username, boolean passwordStdin, AwsOptions aws, boolean dockerConfig) {}

  /**
   * The AWS options for an ECR token; null means the SDK's default.
   *
   * @param region {@code --region}
   * @param profile {@code --profile}
   * @param roleArn {@code --role-arn}, an ARN or a role name in the registry's account
   * @param roleSessionName {@code --role-session-name}
   * @param externalId {@code --external-id}
   * @param ecrEndpoint {@code --ecr-endpoint-url}
   * @param stsEndpoint {@code --sts-endpoint-url}
   */
  record AwsOptions(
      @Nullable String region,
      @Nullable String profile,
      @Nullable String roleArn,
      @Nullable String roleSessionName,
      @Nullable String externalId,
      @Nullable URI ecrEndpoint,
      @Nullable URI stsEndpoint) {

    /** Whether any option is set, which makes AWS the credential source over docker's config. */
    boolean any() {
      return region != null
          || profile != null
          || roleArn != null
          || roleSessionName != null
          || externalId != null
          || ecrEndpoint != null
          || stsEndpoint != null;
    }
  }

  /** The endpoint's host (and port), or null when there is no endpoint. */
  @Nullable RegistryHost endpointHost() {
    return endpoint == null ? null : RegistryHost.of(endpoint);
  }

  /** Whether the endpoint is plain http. */
  boolean isPlainHttp() {
    return endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme());
  }
}
