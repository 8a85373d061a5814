package dev.ecrcname.cli;

import dev.ecrcname.auth.EcrCredentialsProvider;
import dev.ecrcname.cli.RegistryConnection.AwsOptions;
import dev.ecrcname.cli.RegistryConnection.CredentialSource;
import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The registry credentials of a {@link RegistryConnection}, in the README's order: 1. static ones
 * ({@code --username}, {@code --password-stdin}); 2. docker's own config, for the registry host and
 * then the endpoint host, unless an AWS option or AWS's credential variables are set; 3. an ECR
 * token from AWS (the SDK's chain with the AWS options). The caller closes the provider.
 */
final class CredentialsResolver {

  /** AWS's environment variables that name credentials (or where to get them). */
  private static final List<String> AWS_CREDENTIAL_VARIABLES =
      List.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_PROFILE",
          "AWS_ROLE_ARN",
          "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI");

  private final CommandSpec spec;
  private final InputStream stdin;
  private final Map<String, String> env;

  CredentialsResolver(CommandSpec spec, InputStream stdin, Map<String, String> env) {
    this.spec = spec;
    this.stdin = stdin;
    this.env = env;
  }

  CredentialsProvider credentials(RegistryConnection connection) {
    CredentialSource source = connection.credentials();
    if (source.passwordStdin()) {
      return CredentialsProvider.basic(source.username(), readPassword());
    }
    if (source.dockerConfig() && !awsRequested(source.aws())) {
      DockerConfig config = DockerConfig.load(env);
      var found = config.find(dockerConfigHosts(connection));
      if (found.isPresent()) {
        LoggerFactory.getLogger(CredentialsResolver.class)
            .debug(
                "credentials for {} from the docker config {}", found.get().host(), config.path());
        RegistryCredentials c = found.get().credentials();
        return CredentialsProvider.basic(c.username(), c.password());
      }
    }
    return aws(connection);
  }

  /** The keys to look up, most specific first: the registry host, then the endpoint's. */
  private static List<String> dockerConfigHosts(RegistryConnection connection) {
    List<String> hosts = new ArrayList<>();
    RegistryHost registry = connection.registry();
    if (registry != null) {
      hosts.add(registry.toString());
    }
    RegistryHost cname = connection.endpointHost();
    if (cname != null) {
      hosts.add(cname.toString());
      if (cname.port() != -1) {
        hosts.add(cname.name());
      }
    }
    return hosts;
  }

  /** Whether an AWS option is set, or AWS credentials are in the environment. */
  private boolean awsRequested(AwsOptions aws) {
    return aws.any()
        || AWS_CREDENTIAL_VARIABLES.stream()
            .anyMatch(v -> env.get(v) != null && !env.get(v).isBlank());
  }

  private EcrCredentialsProvider aws(RegistryConnection connection) {
    AwsOptions o = connection.credentials().aws();
    EcrCredentialsProvider.Builder b = EcrCredentialsProvider.builder();
    ProxyEnvironment proxies = connection.proxies();
    if (proxies.isSet()) {
      b.proxy(proxies.selector());
      proxies.credentials().ifPresent(b::proxyCredentials);
    }
    if (o.region() != null) {
      b.region(o.region());
    }
    if (o.profile() != null) {
      b.profile(o.profile());
    }
    if (o.roleArn() != null) {
      b.roleArn(RoleArns.of(o.roleArn(), connection.registry(), spec));
    }
    if (o.roleSessionName() != null) {
      b.roleSessionName(o.roleSessionName());
    }
    if (o.externalId() != null) {
      b.externalId(o.externalId());
    }
    if (o.ecrEndpoint() != null) {
      b.ecrEndpoint(o.ecrEndpoint());
    }
    if (o.stsEndpoint() != null) {
      b.stsEndpoint(o.stsEndpoint());
    }
    if (connection.caFile() != null) {
      try {
        b.trustedCertificates(connection.caFile()); // also for ECR and STS, e.g. behind a TLS proxy
      } catch (IllegalArgumentException e) {
        throw new OptionFailure(String.valueOf(e.getMessage()), Connections.CA_FILE_HINT, e);
      }
    }
    return b.build();
  }

  private String readPassword() {
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
