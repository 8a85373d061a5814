package dev.ecrcname.cli;

import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.NotFoundException;
import dev.ecrcname.core.RegistryException.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code digest REFERENCE}: the manifest (or index) digest, by a HEAD, and nothing else. */
@Command(
    name = "digest",
    sortOptions = false,
    description = "Print the digest (sha256:...) of an image's manifest or index; nothing else.")
final class DigestCommand extends RegistryCommand {

  @Parameters(
      index = "0",
      paramLabel = "REPOSITORY[:TAG|@sha256:DIGEST]",
      description = "The image, e.g. app/small:1.0.")
  String image;

  DigestCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    ImageReference ref = reference(image);
    var head =
        withClient(
            ref,
            client ->
                client
                    .head(ref)
                    .orElseThrow(
                        () ->
                            new NotFoundException(
                                ErrorCode.MANIFEST_UNKNOWN,
                                ref.nameAndReference()
                                    + " not found (no such repository, tag or digest) on "
                                    + client.registryHost())));
    printData(head.digest());
    return 0;
  }
}
