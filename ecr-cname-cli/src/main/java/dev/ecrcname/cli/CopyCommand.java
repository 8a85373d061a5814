package dev.ecrcname.cli;

import dev.ecrcname.core.CopyResult;
import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryHost;
import java.time.Duration;
import java.time.Instant;
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
    ImageReference dst = to.any() ? targetReference(target) : reference(target);
    if (dst.byDigest()) {
      throw new ParameterException(
          spec.commandLine(),
          "copy needs a target with a tag (or none), not a digest: e.g. "
              + dst.repository()
              + ":1.0");
    }
    Consumer<RegistryClient.Builder> settings =
        b -> {
          if (parallel != null) {
            b.parallelism(parallel);
          }
        };
    Instant start = Instant.now();
    CopyResult result;
    Progress progress = Progress.create(output.verbosity(), io.err(), "exists");
    try (progress;
        Session session = open(settings);
        Session other = to.any() ? openTarget(session, settings) : null) {
      RegistryClient targetClient = other == null ? session.client() : other.client();
      result = session.client().copy(from, targetClient, dst, platform, progress);
    }
    Duration elapsed = Duration.between(start, Instant.now());
    if (!quiet()) {
      io.err()
          .printf(
              "copied %s to %s %s (%d manifests): copied %s in %d blobs, mounted %s in %d blobs,"
                  + " skipped %s in %d blobs, %s, %s%n",
              from,
              result.target(),
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
   * The second registry's client. Static credentials (--password-stdin, read once) serve both
   * sides; AWS credentials are the target's own, from its --to-* options.
   */
  private Session openTarget(Session sourceSession, Consumer<RegistryClient.Builder> settings) {
    ConnectionOptions target = to.over(connection);
    boolean shared = connection.staticCredentials();
    CredentialsProvider credentials =
        shared ? sourceSession.credentials() : target.credentials(spec, io.in(), io.env(), true);
    try {
      RegistryClient.Builder builder = target.client(spec, credentials, io.env());
      settings.accept(builder);
      return new Session(builder.build(), shared ? CredentialsProvider.anonymous() : credentials);
    } catch (RuntimeException e) {
      if (!shared) {
        Session.closeCredentials(credentials);
      }
      throw e;
    }
  }

  /** The target reference; a host in front must be the target's registry or CNAME. */
  private ImageReference targetReference(String text) {
    ImageReference ref = parse(text);
    RegistryHost host = ref.registry();
    if (host == null) {
      return ref;
    }
    ConnectionOptions target = to.over(connection);
    if (!host.equals(target.registryHost(spec)) && !host.equals(target.endpointHost(spec))) {
      throw foreignHost(text, ref, "--to-registry nor the --to-endpoint host");
    }
    return ref.withRegistry(null);
  }
}
