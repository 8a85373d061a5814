package dev.ecrcname.cli;

import dev.ecrcname.core.EcrHosts;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Turns {@code --role-arn} into an ARN. The original script took a role name ({@code --role-name});
 * a bare name is taken to live in the registry's account, in the registry's partition.
 */
final class RoleArns {
  private RoleArns() {}

  static String of(String value, @Nullable String registryHost, CommandSpec spec) {
    if (value.startsWith("arn:")) {
      return value;
    }
    var ecr = registryHost == null ? null : EcrHosts.parse(registryHost).orElse(null);
    if (ecr == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--role-arn '"
              + value
              + "' is a role name, not an ARN; give the full ARN"
              + " (arn:aws:iam::ACCOUNT:role/NAME) or an ECR --registry whose account the role is in");
    }
    return "arn:" + partition(ecr.host()) + ":iam::" + ecr.accountId() + ":role/" + value;
  }

  static String partition(String host) {
    if (host.endsWith(".amazonaws.com.cn")) {
      return "aws-cn";
    }
    if (host.endsWith(".amazonaws.eu")) {
      return "aws-eusc";
    }
    return host.contains("-gov-") ? "aws-us-gov" : "aws";
  }
}
