package dev.ecrcname.cli;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tag REFERENCE NEWTAG}: the same manifest, byte for byte, under another tag. */
@Command(
    name = "tag",
    sortOptions = false,
    description =
        "Tag an image (or multi-platform index) with another tag in its repository; the digest stays.")
final class TagCommand extends RegistryCommand {

  @Parameters(
      index = "0",
      paramLabel = "REPOSITORY[:TAG|@sha256:DIGEST]",
      description = "The image, e.g. app/small:1.0.")
  String image;

  @Parameters(index = "1", paramLabel = "NEWTAG", description = "The new tag, e.g. stable.")
  String newTag;

  TagCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    ImageReference ref = reference(image);
    Digest digest = withClient(ref, client -> client.tag(ref, newTag));
    printData(digest);
    if (!quiet()) {
      io.err().println("tagged " + ref.repository() + ":" + newTag + " " + digest);
    }
    return 0;
  }
}
