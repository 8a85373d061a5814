package dev.ecrcname.cli;

import dev.ecrcname.core.RegistryHost;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Turns {@code --role-arn} into an ARN. The original script took a role name ({@code --role-name});
 * a bare name is taken to live in the registry's account, in the registry's partition.
 */
final class RoleArns {
  private RoleArns() {}

  static String of(String value, @Nullable RegistryHost registryHost, CommandSpec spec) {
    if (value.startsWith("arn:")) {
      return value;
    }
    RegistryHost.Ecr ecr = registryHost == null ? null : registryHost.ecr().orElse(null);
    if (ecr == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--role-arn '"
              + value
              + "' is a role name, not an ARN; give the full ARN"
              + " (arn:aws:iam::ACCOUNT:role/NAME) or an ECR --registry whose account the role is in");
    }
    // The partition is the host's (RegistryHost knows every ECR partition), never assumed "aws".
    return "arn:" + ecr.partition() + ":iam::" + ecr.accountId() + ":role/" + value;
  }
}
