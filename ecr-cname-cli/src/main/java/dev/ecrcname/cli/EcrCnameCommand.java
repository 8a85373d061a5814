package dev.ecrcname.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command; {@code scope = INHERIT} gives every subcommand --help and --version. */
@Command(
    name = "ecr-cname",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    usageHelpAutoWidth = true,
    sortOptions = false,
    abbreviateSynopsis = true,
    description = {
      "Pull and push AWS ECR images through your own DNS name (a CNAME), with TLS still verified.",
      "",
      "Dial the CNAME, send the real registry host, verify its certificate.",
      "Options also come from environment variables (ECR_CNAME_ENDPOINT, ECR_CNAME_REGISTRY, ...)."
    },
    exitCodeListHeading = "%nExit status:%n",
    subcommands = {
      PullCommand.class,
      PushCommand.class,
      TagsCommand.class,
      InspectCommand.class,
      DigestCommand.class,
      TagCommand.class,
      DeleteCommand.class,
      CopyCommand.class,
      ServeCommand.class,
      CacheCommand.class,
      TokenCommand.class,
      LoginCommand.class
    })
final class EcrCnameCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "no command given; use one of: " + String.join(", ", spec.subcommands().keySet()));
  }
}
