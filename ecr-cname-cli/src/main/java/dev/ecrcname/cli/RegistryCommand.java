package dev.ecrcname.cli;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryHost;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/** A command that talks to the registry through the CNAME. */
abstract class RegistryCommand extends BaseCommand {

  @Mixin ConnectionOptions connection;

  RegistryCommand(Io io) {
    super(io);
  }

  /** Opens a client with the shared options plus the command's own settings. */
  Session open(Consumer<RegistryClient.Builder> settings) {
    CredentialsProvider credentials = connection.credentials(spec, io.in(), io.env(), true);
    try {
      RegistryClient.Builder builder = connection.client(spec, credentials, io.env());
      settings.accept(builder);
      RegistryClient client = builder.build();
      if (connection.insecurePlainHttp && connection.isPlainHttp(spec)) {
        // Printed, not logged: -q silences the log, and this must not go unseen.
        io.err()
            .println(
                "ecr-cname: warning: --insecure-plain-http: credentials and images travel"
                    + " unencrypted to "
                    + connection.endpointHost(spec));
      }
      return new Session(client, credentials);
    } catch (RuntimeException e) {
      Session.closeCredentials(credentials);
      throw e;
    }
  }

  /** Runs {@code call} on a client with the shared options only, closed after. */
  <T> T withClient(Function<RegistryClient, T> call) {
    try (Session session = open(b -> {})) {
      return call.apply(session.client());
    }
  }

  /** Parses {@code text}, a malformed reference being a usage error. */
  ImageReference parse(String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * Parses an image reference. A host in front ({@code 1234….amazonaws.com/app/small:1.0}, as
   * docker writes it) must be the registry or the CNAME; an ECR host there stands in for a missing
   * {@code --registry}.
   */
  ImageReference reference(String text) {
    ImageReference ref = parse(text);
    RegistryHost host = ref.registry();
    if (host == null) {
      return ref;
    }
    RegistryHost registry = connection.registryHost(spec);
    RegistryHost endpointHost = connection.endpointHost(spec);
    boolean known = host.equals(registry) || host.equals(endpointHost);
    if (!known && registry == null && host.isEcr()) {
      connection.registry = host.toString();
      known = true;
    }
    if (!known) {
      throw foreignHost(
          text,
          ref,
          "--registry (" + (registry == null ? "not set" : registry) + ") nor the --endpoint host");
    }
    return ref.withRegistry(null);
  }

  /**
   * A usage error: {@code text} names a host that is neither of the {@code hosts} the options give.
   */
  ParameterException foreignHost(String text, ImageReference ref, String hosts) {
    return new ParameterException(
        spec.commandLine(),
        "'"
            + text
            + "' names the host "
            + ref.registry()
            + ", which is neither "
            + hosts
            + "; give the repository without a host, e.g. "
            + ref.nameAndReference());
  }
}
