package dev.ecrcname.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How to reach the registry and whom to be: the options every command shares, each also read from
 * an environment variable ({@link #ENVIRONMENT}). Fields only: {@link Connections} resolves them
 * into a {@link RegistryConnection} once, {@link CredentialsResolver} and {@link ClientFactory} use
 * that. The aliases ({@code --url}, {@code --ecr-url}, {@code --pname}, ...) are the original
 * script's names: extra names of the same option, so that anything on the command line beats the
 * variable, and the help shows only the first name ({@link OneNameHelp}).
 */
final class ConnectionOptions {

  /** Option (its first name) to the variable that supplies it when the command line does not. */
  static final Map<String, String> ENVIRONMENT =
      Map.ofEntries(
          Map.entry("--endpoint", "ECR_CNAME_ENDPOINT"),
          Map.entry("--registry", "ECR_CNAME_REGISTRY"),
          Map.entry("--username", "ECR_CNAME_USERNAME"),
          Map.entry("--region", "ECR_CNAME_REGION"),
          Map.entry("--profile", "ECR_CNAME_PROFILE"),
          Map.entry("--role-arn", "ECR_CNAME_ROLE_ARN"),
          Map.entry("--role-session-name", "ECR_CNAME_ROLE_SESSION_NAME"),
          Map.entry("--external-id", "ECR_CNAME_EXTERNAL_ID"),
          Map.entry("--ecr-endpoint-url", "ECR_CNAME_ECR_ENDPOINT_URL"),
          Map.entry("--sts-endpoint-url", "ECR_CNAME_STS_ENDPOINT_URL"),
          Map.entry("--ca-file", "ECR_CNAME_CA_FILE"),
          Map.entry("--cache-dir", "ECR_CNAME_CACHE_DIR"),
          Map.entry("--resolve", "ECR_CNAME_RESOLVE"));

  @Option(
      names = {"--endpoint", "--url", "--registry-url"},
      order = 20,
      paramLabel = "URL",
      description =
          "The CNAME to dial, e.g. https://docker-ecr.internal.example. Env: ECR_CNAME_ENDPOINT. Aliases: --url,"
              + " --registry-url.")
  @Nullable String endpoint;

  @Option(
      names = {"--registry", "--ecr-url"},
      order = 21,
      paramLabel = "HOST",
      description =
          "The real ECR host the CNAME points at, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com."
              + " Default: the token's proxyEndpoint. Env: ECR_CNAME_REGISTRY. Alias: --ecr-url.")
  @Nullable String registry;

  @Option(
      names = "--username",
      order = 22,
      paramLabel = "NAME",
      description =
          "Static registry user (ECR: AWS); needs --password-stdin and skips AWS. Env: ECR_CNAME_USERNAME.")
  @Nullable String username;

  @Option(
      names = "--password-stdin",
      order = 23,
      description =
          "Read the registry password from stdin, e.g. from 'aws ecr get-login-password'. User: AWS unless"
              + " --username.")
  boolean passwordStdin;

  @Option(
      names = "--region",
      order = 24,
      paramLabel = "REGION",
      description =
          "AWS region. Default: the SDK's chain (AWS_REGION, the profile). Env: ECR_CNAME_REGION.")
  @Nullable String region;

  @Option(
      names = {"--profile", "--pname"},
      order = 25,
      paramLabel = "NAME",
      description =
          "AWS profile from ~/.aws/config. Default: the SDK's chain (AWS_PROFILE). Env: ECR_CNAME_PROFILE."
              + " Alias: --pname.")
  @Nullable String profile;

  @Option(
      names = {"--role-arn", "--role-name"},
      order = 26,
      paramLabel = "ARN",
      description =
          "IAM role to assume; a bare role name is taken in the registry's account. Env: ECR_CNAME_ROLE_ARN."
              + " Alias: --role-name.")
  @Nullable String roleArn;

  @Option(
      names = {"--role-session-name", "--role-session"},
      order = 27,
      paramLabel = "NAME",
      description =
          "Session name of the assumed role (default ecr-cname). Env: ECR_CNAME_ROLE_SESSION_NAME."
              + " Alias: --role-session.")
  @Nullable String roleSessionName;

  @Option(
      names = "--external-id",
      order = 28,
      paramLabel = "ID",
      description = "External ID the role's trust policy requires. Env: ECR_CNAME_EXTERNAL_ID.")
  @Nullable String externalId;

  @Option(
      names = "--ecr-endpoint-url",
      order = 29,
      paramLabel = "URL",
      description = "ECR API endpoint, e.g. a VPC endpoint. Env: ECR_CNAME_ECR_ENDPOINT_URL.")
  @Nullable URI ecrEndpointUrl;

  @Option(
      names = "--sts-endpoint-url",
      order = 30,
      paramLabel = "URL",
      description =
          "STS endpoint for --role-arn, e.g. a VPC endpoint. Env: ECR_CNAME_STS_ENDPOINT_URL.")
  @Nullable URI stsEndpointUrl;

  @Option(
      names = "--ca-file",
      order = 31,
      paramLabel = "PEM",
      description =
          "Also trust the CA certificates in this PEM file, for the CNAME and for the AWS API calls."
              + " Env: ECR_CNAME_CA_FILE.")
  @Nullable Path caFile;

  @Option(
      names = "--cache-dir",
      order = 32,
      paramLabel = "DIR",
      description = "Where verified layers are kept between pulls. Env: ECR_CNAME_CACHE_DIR.")
  @Nullable Path cacheDir;

  @Option(
      names = "--insecure-plain-http",
      order = 33,
      description =
          "Allow a plain http:// endpoint. Credentials and images then travel unencrypted; for local"
              + " test registries only. Deliberately has no environment variable.")
  boolean insecurePlainHttp;

  @Option(
      names = "--resolve",
      paramLabel = "HOST:ADDR",
      split = ",",
      hidden = true,
      description =
          "Resolve HOST to ADDR, as curl's --resolve (repeatable). Env: ECR_CNAME_RESOLVE, comma-separated.")
  List<String> resolve = new ArrayList<>();
}
