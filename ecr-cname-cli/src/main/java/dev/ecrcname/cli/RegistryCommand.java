package dev.ecrcname.cli;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryClientBuilder;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/**
 * A command that talks to the registry through the CNAME. The connection is resolved once, from the
 * options and the image the command names; the client then checks every reference's host.
 */
abstract class RegistryCommand extends BaseCommand {

  @Mixin ConnectionOptions connection;

  RegistryCommand(Io io) {
    super(io);
  }

  /** The connection for {@code image}: an ECR host it names stands in for a missing --registry. */
  RegistryConnection connection(ImageReference image) {
    return Connections.of(connection, spec, io.env(), image.registry(), true);
  }

  /** Opens a client for {@code image}'s connection plus the command's own settings. */
  Session open(ImageReference image, Consumer<RegistryClientBuilder> settings) {
    return open(connection(image), settings);
  }

  /** Opens a client on {@code resolved}, with new credentials for it. */
  Session open(RegistryConnection resolved, Consumer<RegistryClientBuilder> settings) {
    CredentialsProvider credentials =
        new CredentialsResolver(spec, io.in(), io.env()).credentials(resolved);
    try {
      return open(resolved, credentials, settings);
    } catch (RuntimeException e) {
      Session.closeCredentials(credentials);
      throw e;
    }
  }

  /** Opens a client on {@code resolved} with {@code credentials}; the session closes them. */
  Session open(
      RegistryConnection resolved,
      CredentialsProvider credentials,
      Consumer<RegistryClientBuilder> settings) {
    RegistryClientBuilder builder = ClientFactory.builder(resolved, credentials, spec);
    settings.accept(builder);
    RegistryClient client = builder.build();
    if (resolved.isPlainHttp()) {
      // Printed, not logged: -q silences the log, and this must not go unseen.
      io.err()
          .println(
              "ecr-cname: warning: --insecure-plain-http: credentials and images travel"
                  + " unencrypted to "
                  + resolved.endpointHost());
    }
    return new Session(client, credentials);
  }

  /** Runs {@code call} on a client for {@code image} with the shared options only, closed after. */
  <T> T withClient(ImageReference image, Function<RegistryClient, T> call) {
    try (Session session = open(image, b -> {})) {
      return call.apply(session.client());
    }
  }

  /**
   * Parses an image reference, a malformed one being a usage error. A host in front ({@code
   * 1234….amazonaws.com/app/small:1.0}, as docker writes it) stays: the client serves it when it is
   * the registry or the CNAME, and refuses any other ({@code ForeignRegistryException}).
   */
  ImageReference reference(String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
