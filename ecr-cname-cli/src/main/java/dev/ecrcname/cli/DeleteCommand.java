package dev.ecrcname.cli;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code delete REFERENCE}: deletes the manifest by digest, without asking (a tool for scripts).
 */
@Command(
    name = "delete",
    sortOptions = false,
    description = {
      "Delete an image's manifest (or index) by digest, without asking; prints the deleted digest.",
      "A tag is resolved to its digest first, and deleting that digest removes EVERY tag on it."
    })
final class DeleteCommand extends RegistryCommand {

  @Parameters(
      index = "0",
      paramLabel = "REPOSITORY[:TAG|@sha256:DIGEST]",
      description = "The image, e.g. app/small:1.0 or app/small@sha256:....")
  String image;

  DeleteCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    ImageReference ref = reference(image);
    Digest digest = withClient(ref, client -> client.delete(ref));
    printData(digest);
    if (!quiet()) {
      io.err()
          .println(
              "deleted "
                  + ref.repository()
                  + "@"
                  + digest
                  + (ref.byDigest() ? "" : " (the digest of " + ref.nameAndReference() + ")")
                  + "; every tag on that digest is gone with it");
    }
    return 0;
  }
}
