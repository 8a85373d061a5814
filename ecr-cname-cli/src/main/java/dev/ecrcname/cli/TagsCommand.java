package dev.ecrcname.cli;

import dev.ecrcname.core.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tags REPOSITORY}: every tag, one a line, across all pages. */
@Command(
    name = "tags",
    sortOptions = false,
    description = "List a repository's tags, one a line (all pages).")
final class TagsCommand extends RegistryCommand {

  @Parameters(
      index = "0",
      paramLabel = "REPOSITORY",
      description = "The repository, e.g. app/small.")
  String repository;

  TagsCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    ImageReference ref = reference(repository);
    if (ref.tag() != null || ref.byDigest()) {
      throw new ParameterException(
          spec.commandLine(),
          "tags takes a repository, not an image: try 'tags " + ref.repository() + "'");
    }
    for (String tag : withClient(ref, client -> client.listTags(ref))) {
      io.out().println(tag);
    }
    io.out().flush();
    return 0;
  }
}
