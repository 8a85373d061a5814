package dev.ecrcname.cli;

import dev.ecrcname.core.CopyResult;
import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code copy SRC DST}: within the registry, or to a second one named by {@code --to-*}; blobs
 * stream from GET to upload with no disk, manifests go byte for byte, the tag last.
 */
@Command(
    name = "copy",
    sortOptions = false,
    description = {
      "Copy an image, or a multi-platform index with every platform, to another repository or tag.",
      "Within the registry by default (blobs by cross-repository mount where allowed); --to-* names a"
          + " second registry (another account or region). No disk; digests stay; the tag goes last."
    })
final class CopyCommand extends RegistryCommand {

  @Parameters(
      index = "0",
      paramLabel = "SOURCE",
      description = "The image to copy, e.g. app/small:1.0.")
  String source;

  @Parameters(
      index = "1",
      paramLabel = "TARGET",
      description = "Where to, e.g. app/copy:1.0 (without a tag: the source's).")
  String target;

  @Mixin TargetOptions to;

  @Option(
      names = "--all-platforms",
      description = "Copy an index with every platform's image (the default).")
  boolean allPlatforms;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      converter = PlatformConverter.class,
      description = "Copy only this platform's image of an index, tagged as the image itself.")
  @Nullable Platform platform;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Blobs to move at once (default 4).")
  @Nullable Integer parallel;

  @Option(
      names = "--no-cache",
      description = "Accepted as for pull; copy never uses the layer cache: blobs stream through.")
  boolean noCache;

  CopyCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    if (allPlatforms && platform != null) {
      throw new ParameterException(
          spec.commandLine(), "--all-platforms and --platform exclude each other; choose one");
    }
    ImageReference from = reference(source);
    ImageReference dst = reference(target);
    if (dst.byDigest()) {
      throw new ParameterException(
          spec.commandLine(),
          "copy needs a target with a tag (or none), not a digest: e.g. "
              + dst.repository()
              + ":1.0");
    }
    Consumer<RegistryClientBuilder> settings =
        b -> {
          if (parallel != null) {
            int layers = parallel;
            b.transport(t -> t.withParallelism(layers));
          }
        };
    RegistryConnection sourceConnection = connection(from);
    RegistryConnection targetConnection =
        to.any() ? Connections.target(to, sourceConnection, spec) : null;
    Instant start = Instant.now();
    CopyResult result;
    Progress progress = Progress.create(output.verbosity(), io, "exists");
    try (progress;
        Session session = open(sourceConnection, settings);
        Session other =
            targetConnection == null
                ? null
                : openTarget(sourceConnection, targetConnection, session, settings)) {
      RegistryClient targetClient = other == null ? session.client() : other.client();
      if (other != null && targetConnection != null) {
        requireOwnRegistry(sourceConnection, targetConnection, session.client(), targetClient);
      }
      result = session.client().copy(from, targetClient, dst, platform, progress);
    }
    Duration elapsed = Duration.between(start, Instant.now());
    if (!quiet()) {
      io.err()
          .printf(
              "copied %s to %s %s (%d manifests): copied %s in %d blobs, mounted %s in %d blobs,"
                  + " skipped %s in %d blobs, %s, %s%n",
              from,
              result.target().withRegistry(null).withDigest(null),
              result.digest(),
              result.manifests(),
              Units.bytes(result.bytesCopied()),
              result.blobsCopied(),
              Units.bytes(result.bytesMounted()),
              result.blobsMounted(),
              Units.bytes(result.bytesSkipped()),
              result.blobsSkipped(),
              Units.duration(elapsed),
              Units.rate(result.bytesCopied(), elapsed));
    }
    printData(result.digest());
    return 0;
  }

  /**
   * The second registry's client, on a connection of its own ({@link Connections#target}). The
   * source's credentials provider serves it only on the source's endpoint with the same source of
   * credentials; anywhere else the target resolves its own, so nothing of the source's identity
   * reaches another endpoint (issue 21, item 2).
   */
  private Session openTarget(
      RegistryConnection source,
      RegistryConnection target,
      Session sourceSession,
      Consumer<RegistryClientBuilder> settings) {
    boolean sameEndpoint = Objects.equals(target.endpoint(), source.endpoint());
    boolean shared =
        sameEndpoint
            && (source.credentials().passwordStdin()
                || target.credentials().equals(source.credentials()));
    if (!shared) {
      return open(target, settings);
    }
    RegistryClientBuilder builder =
        ClientFactory.builder(target, sourceSession.credentials(), spec);
    settings.accept(builder);
    // The source's session closes the shared provider.
    return new Session(builder.build(), CredentialsProvider.anonymous());
  }

  /**
   * On another endpoint, a target whose registry host nobody named but whose token names the
   * source's registry is refused: the same AWS identity in the same region gets a token for its own
   * registry, and with a CNAME for another account in that region TLS passes (the certificate is a
   * region wildcard), so the copy would land in the source's registry while saying "copied".
   */
  private void requireOwnRegistry(
      RegistryConnection source,
      RegistryConnection target,
      RegistryClient sourceClient,
      RegistryClient targetClient) {
    boolean otherEndpoint = !Objects.equals(target.endpoint(), source.endpoint());
    if (otherEndpoint
        && target.registry() == null
        && targetClient.registryHost().equals(sourceClient.registryHost())) {
      throw new OptionFailure(
          ExitStatus.USAGE,
          "the target's token names the source's registry "
              + sourceClient.registryHost()
              + ", not the one behind --to-endpoint "
              + target.endpointHost(),
          "pass --to-registry with the ECR host --to-endpoint points at (and --to-profile or"
              + " --to-role-arn for an identity in its account)",
          null);
    }
  }
}
