package dev.ecrcname.cli;

import dev.ecrcname.auth.EcrCredentialsProvider;
import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How to reach the registry and whom to be: the options every command shares, each also read from
 * an environment variable ({@link #ENVIRONMENT}). The aliases ({@code --url}, {@code --ecr-url},
 * {@code --pname}, ...) are the original script's names: extra names of the same option, so that
 * anything on the command line beats the variable, and the help shows only the first name ({@link
 * OneNameHelp}).
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

  private static final String CA_FILE_HINT =
      "pass a PEM file of CA certificates with --ca-file (or ECR_CNAME_CA_FILE), e.g. the private CA that signed the"
          + " registry's certificate";

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

  /** AWS's environment variables that name credentials (or where to get them). */
  private static final List<String> AWS_CREDENTIAL_VARIABLES =
      List.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_PROFILE",
          "AWS_ROLE_ARN",
          "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI");

  /** A copy whose fields a second registry's options can override ({@link TargetOptions}). */
  ConnectionOptions copy() {
    ConnectionOptions c = new ConnectionOptions();
    c.endpoint = endpoint;
    c.registry = registry;
    c.username = username;
    c.passwordStdin = passwordStdin;
    c.region = region;
    c.profile = profile;
    c.roleArn = roleArn;
    c.roleSessionName = roleSessionName;
    c.externalId = externalId;
    c.ecrEndpointUrl = ecrEndpointUrl;
    c.stsEndpointUrl = stsEndpointUrl;
    c.caFile = caFile;
    c.cacheDir = cacheDir;
    c.resolve = new ArrayList<>(resolve);
    c.insecurePlainHttp = insecurePlainHttp;
    return c;
  }

  /** Whether the credentials are static ones from stdin rather than from AWS. */
  boolean staticCredentials() {
    return passwordStdin;
  }

  /**
   * The credentials, in the README's order: 1. explicit flags ({@code --username}, {@code
   * --password-stdin}); 2. the environment ({@code ECR_CNAME_USERNAME}, AWS's credential
   * variables); 3. the AWS chain when AWS options or AWS credentials are present; 4. docker's own
   * config ({@code dockerConfig}), for the registry host and then the CNAME host; 5. otherwise the
   * AWS default chain (instance role, ~/.aws files), as before docker config was read. The caller
   * closes the session that holds them.
   */
  CredentialsProvider credentials(
      CommandSpec spec, InputStream stdin, Map<String, String> env, boolean dockerConfig) {
    if (username != null && !passwordStdin) {
      throw new ParameterException(
          spec.commandLine(),
          "--username needs --password-stdin (the password is never"
              + " taken on the command line)");
    }
    if (passwordStdin) {
      String user = username == null ? "AWS" : username;
      return CredentialsProvider.basic(user, readPassword(spec, stdin));
    }
    if (dockerConfig && !awsRequested(env)) {
      List<String> hosts = new ArrayList<>();
      RegistryHost host = registryHost(spec);
      if (host != null) {
        hosts.add(host.toString());
      }
      RegistryHost cname = endpointHost(spec);
      if (cname != null) {
        hosts.add(cname.toString());
        if (cname.port() != -1) {
          hosts.add(cname.name());
        }
      }
      DockerConfig config = DockerConfig.load(env);
      var found = config.find(hosts);
      if (found.isPresent()) {
        LoggerFactory.getLogger(ConnectionOptions.class)
            .debug(
                "credentials for {} from the docker config {}", found.get().host(), config.path());
        RegistryCredentials c = found.get().credentials();
        return CredentialsProvider.basic(c.username(), c.password());
      }
    }
    return aws(spec, env);
  }

  /** Whether an AWS option is set, or AWS credentials are in the environment. */
  private boolean awsRequested(Map<String, String> env) {
    boolean options =
        region != null
            || profile != null
            || roleArn != null
            || roleSessionName != null
            || externalId != null
            || ecrEndpointUrl != null
            || stsEndpointUrl != null;
    return options
        || AWS_CREDENTIAL_VARIABLES.stream()
            .anyMatch(v -> env.get(v) != null && !env.get(v).isBlank());
  }

  /**
   * The proxies of the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), logged under -v with
   * passwords redacted.
   */
  static ProxyEnvironment proxies(Map<String, String> env) {
    ProxyEnvironment proxies = ProxyEnvironment.from(env);
    if (proxies.isSet()) {
      LoggerFactory.getLogger(ConnectionOptions.class).debug("{}", proxies);
      if (proxies.credentials().isPresent()
          && System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
        // The JDK's HttpURLConnection (the AWS calls) refuses Basic to a CONNECT proxy by default;
        // the user put the credentials in the proxy URL to have them used.
        System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
      }
    }
    return proxies;
  }

  private EcrCredentialsProvider aws(CommandSpec spec, Map<String, String> env) {
    EcrCredentialsProvider.Builder b = EcrCredentialsProvider.builder();
    ProxyEnvironment proxies = proxies(env);
    if (proxies.isSet()) {
      b.proxy(proxies.selector());
      proxies.credentials().ifPresent(b::proxyCredentials);
    }
    if (region != null) {
      b.region(region);
    }
    if (profile != null) {
      b.profile(profile);
    }
    if (roleArn != null) {
      b.roleArn(RoleArns.of(roleArn, registryHost(spec), spec));
    }
    if (roleSessionName != null) {
      b.roleSessionName(roleSessionName);
    }
    if (externalId != null) {
      b.externalId(externalId);
    }
    if (ecrEndpointUrl != null) {
      b.ecrEndpoint(ecrEndpointUrl);
    }
    if (stsEndpointUrl != null) {
      b.stsEndpoint(stsEndpointUrl);
    }
    if (caFile != null) {
      try {
        b.trustedCertificates(readable(caFile)); // also for ECR and STS, e.g. behind a TLS proxy
      } catch (IllegalArgumentException e) {
        throw new OptionFailure(String.valueOf(e.getMessage()), CA_FILE_HINT, e);
      }
    }
    return b.build();
  }

  /**
   * A client for the endpoint; {@code configure} adds the command's own settings (listener,
   * platform).
   */
  RegistryClient.Builder client(
      CommandSpec spec, CredentialsProvider credentials, Map<String, String> env) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "no endpoint: pass --endpoint URL (your CNAME, e.g. https://docker-ecr.internal.example)"
              + " or set ECR_CNAME_ENDPOINT");
    }
    RegistryClient.Builder b =
        RegistryClient.builder().endpoint(endpointUri(spec, endpoint)).credentials(credentials);
    RegistryHost host = registryHost(spec);
    if (host != null) {
      b.registryHost(host);
    }
    if (insecurePlainHttp) {
      b.allowInsecureHttp();
    }
    if (caFile != null) {
      try {
        b.trustedCertificates(readable(caFile));
      } catch (IllegalArgumentException e) {
        throw new OptionFailure(String.valueOf(e.getMessage()), CA_FILE_HINT, e);
      }
    }
    if (cacheDir != null) {
      b.cacheDirectory(cacheDir);
    }
    if (!resolve.isEmpty()) {
      b.resolver(StaticResolver.parse(resolve, spec));
    }
    ProxyEnvironment proxies = proxies(env);
    if (proxies.isSet()) {
      b.proxy(proxies.selector());
      proxies.credentials().ifPresent(b::proxyCredentials);
    }
    return b;
  }

  /**
   * Checked here, so that a typo in --ca-file says which option to fix instead of failing inside
   * the TLS setup. What is in the file core checks when it loads it, and names the option then.
   */
  private static Path readable(Path file) {
    String problem;
    try {
      problem =
          Files.isDirectory(file)
              ? "it is a directory"
              : !Files.exists(file)
                  ? "no such file"
                  : !Files.isReadable(file)
                      ? "permission denied"
                      : Files.size(file) == 0 ? "it is empty" : null;
    } catch (IOException e) {
      problem = e.toString();
    }
    if (problem != null) {
      throw new OptionFailure("cannot read CA file " + file + ": " + problem, CA_FILE_HINT, null);
    }
    return file;
  }

  private URI endpointUri(CommandSpec spec, String endpoint) {
    String value = endpoint.strip();
    // Users write the CNAME as they write a docker registry: without a scheme.
    String url = value.contains("://") ? value : "https://" + value;
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "invalid --endpoint '"
              + value
              + "': give a URL such as https://docker-ecr.internal.example");
    }
  }

  /** Whether --endpoint is a plain http URL. */
  boolean isPlainHttp(CommandSpec spec) {
    return endpoint != null
        && !endpoint.isBlank()
        && "http".equalsIgnoreCase(endpointUri(spec, endpoint).getScheme());
  }

  /** The host (and port) of --endpoint, or null when none is set. */
  @Nullable RegistryHost endpointHost(CommandSpec spec) {
    return endpoint == null || endpoint.isBlank()
        ? null
        : RegistryHost.of(endpointUri(spec, endpoint));
  }

  /**
   * The registry host, also accepted as a URL ({@code --ecr-url https://…}), as the original script
   * took it.
   */
  @Nullable RegistryHost registryHost(CommandSpec spec) {
    if (registry == null || registry.isBlank()) {
      return null;
    }
    try {
      return RegistryHost.parseUrlOrHost(registry);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "invalid --registry '"
              + registry
              + "': give the ECR host, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com");
    }
  }

  private static String readPassword(CommandSpec spec, InputStream stdin) {
    String text;
    try {
      text = new String(stdin.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the password from stdin", e);
    }
    // docker login --password-stdin drops the trailing newline an echo or a file leaves; so do we.
    String password = text.lines().findFirst().orElse("");
    if (password.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "--password-stdin read no password; pipe it in, e.g. aws ecr get-login-password | ecr-cname ...");
    }
    return password;
  }
}
