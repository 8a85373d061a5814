package dev.ecrcname.cli;

import dev.ecrcname.core.CredentialsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code token}: the registry password, for {@code docker login --username AWS --password-stdin}.
 */
@Command(
    name = "token",
    sortOptions = false,
    description = {
      "Print the ECR registry password (from ecr:GetAuthorizationToken), e.g. for:",
      "  ecr-cname token | docker login --username AWS --password-stdin REGISTRY"
    })
final class TokenCommand extends BaseCommand {

  @Mixin ConnectionOptions connection;

  TokenCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    RegistryConnection resolved = Connections.of(connection, spec, io.env(), null, false);
    CredentialsProvider credentials =
        new CredentialsResolver(spec, io.in(), io.env()).credentials(resolved);
    try {
      printData(credentials.credentials().password());
    } finally {
      Session.closeCredentials(credentials);
    }
    return 0;
  }
}
