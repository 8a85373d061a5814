package dev.ecrcname.cli;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/**
 * {@code login}: the ECR token into docker's config for the registry host, as {@code aws ecr
 * get-login-password | docker login --username AWS --password-stdin HOST} would. Never for the
 * CNAME: docker cannot use the CNAME (ECR's certificate does not name it).
 */
@Command(
    name = "login",
    sortOptions = false,
    description = {
      "Write the ECR token into docker's config (DOCKER_CONFIG or ~/.docker/config.json) for the",
      "registry host, as 'aws ecr get-login-password | docker login' does. Other entries stay as",
      "they are; with a credsStore or credHelpers entry the helper's 'store' keeps it, as in docker."
    })
final class LoginCommand extends BaseCommand {

  @Mixin ConnectionOptions connection;

  LoginCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    // Never from the docker config itself: login is what refreshes it.
    RegistryConnection resolved = Connections.of(connection, spec, io.env(), null, false);
    CredentialsProvider credentials =
        new CredentialsResolver(spec, io.in(), io.env()).credentials(resolved);
    try {
      RegistryCredentials current = credentials.credentials();
      RegistryHost registry = resolved.registry();
      if (registry == null) {
        registry = credentials.registryHost().orElse(null);
      }
      if (registry == null) {
        throw new ParameterException(
            spec.commandLine(),
            "no registry host: pass --registry HOST (e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com)");
      }
      if (registry.equals(resolved.endpointHost())) {
        throw new ParameterException(
            spec.commandLine(),
            "login writes the real registry host, never the CNAME "
                + registry
                + ": pass --registry with the ECR host");
      }
      String host = registry.toString();
      DockerConfig config = DockerConfig.load(io.env());
      if ("ecr-login".equals(config.helperFor(host))) {
        io.err()
            .println(
                "ecr-cname: "
                    + config.path()
                    + " names docker-credential-ecr-login for "
                    + host
                    + ", which gets its own tokens; nothing written");
        return 0;
      }
      String where = config.store(host, current);
      if (!quiet()) {
        io.err().println("Login Succeeded: " + host + " in " + where);
      }
      return 0;
    } finally {
      Session.closeCredentials(credentials);
    }
  }
}
