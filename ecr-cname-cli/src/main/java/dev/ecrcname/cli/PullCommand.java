package dev.ecrcname.cli;

import dev.ecrcname.archive.DockerArchive;
import dev.ecrcname.archive.WriteOptions;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.LayerCache;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code pull REPOSITORY[:TAG|@DIGEST] [-o FILE]}: a tarball that docker load, podman load and
 * skopeo accept; with {@code --all-platforms}, every platform with its index; with {@code --format
 * oci-dir}, an OCI layout directory.
 */
@Command(
    name = "pull",
    sortOptions = false,
    description =
        "Pull an image through the CNAME into a docker/OCI tarball (docker load -i FILE).")
final class PullCommand extends RegistryCommand {

  @Parameters(
      index = "0",
      paramLabel = "REPOSITORY[:TAG|@sha256:DIGEST]",
      description = "The image, e.g. app/small:1.0.")
  String image;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE|DIR",
      description =
          "The tarball to write (a new or empty directory for --format oci-dir). Default: from the"
              + " reference, e.g. app-small_1.0.tar.")
  @Nullable Path file;

  @Option(
      names = "--all-platforms",
      description =
          "Every platform of a multi-platform image, with its index (docker load of Docker 25+,"
              + " ctr import, skopeo copy --all). Docker 20.10 loads this machine's platform.")
  boolean allPlatforms;

  @Option(
      names = "--format",
      paramLabel = "docker|oci|oci-dir",
      converter = OutputFormat.Converter.class,
      description =
          "docker (default): a tarball for docker load that is also an OCI archive; oci: an OCI"
              + " archive only; oci-dir: an OCI layout directory. oci and oci-dir keep the"
              + " registry's blobs and manifests as they are, so image digests stay (an index"
              + " too, unless it lists attestations, which are left out).")
  OutputFormat format = OutputFormat.DOCKER;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      converter = PlatformConverter.class,
      description =
          "The platform to take from a multi-platform image. Default: linux and this machine's.")
  @Nullable Platform platform;

  @Option(
      names = "--compressed-layers",
      description =
          "Store layers compressed, as the registry has them (smaller, faster; docker load accepts it).")
  boolean compressedLayers;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Layers to move at once (default 4).")
  @Nullable Integer parallel;

  @Option(
      names = "--tag",
      paramLabel = "NAME:TAG",
      description = "Load the image under this name instead.")
  @Nullable String tag;

  @Option(
      names = "--cache-uncompressed",
      description =
          "Also keep each layer uncompressed in the layer cache, so the next pull of it is a"
              + " verified copy instead of a decompression (faster; costs the disk space of the"
              + " uncompressed image; cache prune removes them too).")
  boolean cacheUncompressed;

  @Option(
      names = "--no-cache",
      description =
          "Keep no layer for later: download into a temporary cache beside the output, deleted after.")
  boolean noCache;

  PullCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    ImageReference ref = reference(image);
    Path target = target(ref);
    WriteOptions options = writeOptions();
    Instant start = Instant.now();
    Progress progress = Progress.create(output.verbosity(), io, "cached");
    Path temporaryCache = noCache ? temporaryCache(target) : null;
    if (temporaryCache == null) {
      CacheCommand.requireWritable(connection.cacheDir);
    }
    try {
      if (allPlatforms) {
        MultiPlatformImage pulled = pullAllPlatforms(ref, progress, temporaryCache);
        if (format == OutputFormat.OCI_DIR) {
          DockerArchive.writeLayout(pulled, target, options);
        } else {
          DockerArchive.write(pulled, target, options);
        }
        String digest =
            pulled
                .index()
                .map(index -> index.digest().toString())
                .orElseGet(() -> pulled.images().get(0).image().manifestDigest().toString());
        summary(ref, digest + " " + pulled.platforms(), progress, start, target);
      } else {
        PulledImage pulled = pull(ref, progress, temporaryCache, target, options);
        summary(ref, pulled.manifestDigest().toString(), progress, start, target);
      }
    } finally {
      if (temporaryCache != null) {
        CacheCommand.deleteTree(temporaryCache);
      }
    }
    // Data, not chatter: scripts read the path even with -q.
    io.out().println(target);
    io.out().flush();
    return 0;
  }

  /** A cache of this run only, on the output's file system, which needs the room anyway. */
  private static Path temporaryCache(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    try {
      return Files.createTempDirectory(parent, ".ecr-cname-cache-");
    } catch (IOException e) {
      throw new OptionFailure(
          "cannot create a temporary cache in " + parent + ": " + e,
          "write the output (-o) to a writable directory",
          e);
    }
  }

  private void summary(
      ImageReference ref, String digest, Progress progress, Instant start, Path target) {
    Duration elapsed = Duration.between(start, Instant.now());
    if (!quiet()) {
      io.err()
          .printf(
              "pulled %s %s: %s in %d blobs (%d cached), %s, %s -> %s%n",
              ref.nameAndReference(),
              digest,
              Units.bytes(progress.totalBytes()),
              progress.blobs(),
              progress.skipped(),
              Units.duration(elapsed),
              Units.rate(progress.movedBytes(), elapsed),
              target);
    }
  }

  /**
   * The file {@code pull} writes when no {@code -o} is given: {@code app/small:1.0} becomes {@code
   * app-small_1.0.tar}, a digest {@code app-small_sha256-<12 hex>.tar}.
   */
  static String defaultFileName(ImageReference ref) {
    return defaultName(ref) + ".tar";
  }

  /** {@code app-small_1.0}: the default output without its extension (an oci-dir's name). */
  static String defaultName(ImageReference ref) {
    String name = ref.repository().replace('/', '-');
    String suffix =
        ref.digest() != null
            ? ref.digest().algorithm() + "-" + ref.digest().hex().substring(0, 12)
            : ref.reference();
    return name + "_" + suffix;
  }

  /** Checked before any download, so that a typo in -o costs nothing. */
  private Path target(ImageReference ref) {
    boolean directory = format == OutputFormat.OCI_DIR;
    Path target =
        file != null ? file : Path.of(directory ? defaultName(ref) : defaultFileName(ref));
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new ParameterException(
          spec.commandLine(), "cannot write " + target + ": no such directory " + parent);
    }
    if (directory && !isAbsentOrEmptyDirectory(target)) {
      throw new ParameterException(
          spec.commandLine(),
          "cannot write an OCI layout into "
              + target
              + ": it exists and is not an empty directory; give a new one with -o");
    }
    if (cacheUncompressed && noCache) {
      throw new ParameterException(
          spec.commandLine(),
          "--cache-uncompressed keeps layers for later and --no-cache keeps none; give one");
    }
    if (allPlatforms && platform != null) {
      throw new ParameterException(
          spec.commandLine(), "--all-platforms takes every platform; leave out --platform");
    }
    if (parallel != null && (parallel < 1 || parallel > 64)) {
      throw new ParameterException(
          spec.commandLine(), "--parallel must be between 1 and 64, got " + parallel);
    }
    return target;
  }

  /**
   * Downloads and verifies every blob into the cache and writes the output: a tarball as the layers
   * arrive ({@link DockerArchive#pull}), a layout directory once they are all in.
   */
  private PulledImage pull(
      ImageReference ref,
      Progress progress,
      @Nullable Path cache,
      Path target,
      WriteOptions options) {
    PulledImage pulled;
    try (progress;
        Session session = open(ref, b -> configure(b, progress, cache))) {
      if (format != OutputFormat.OCI_DIR) {
        return DockerArchive.pull(session.client(), ref, target, options);
      }
      pulled = session.client().pull(ref);
    }
    DockerArchive.writeLayout(pulled, target, options);
    return pulled;
  }

  private static boolean isAbsentOrEmptyDirectory(Path path) {
    if (!Files.exists(path)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false; // not a directory, or not readable: either way not a place to write to
    }
  }

  /**
   * A fresh JVM per command: the crypto warm-up pays for itself on a download (docs/benchmarks.md),
   * and is stopped on a pull whose blobs are all cached.
   */
  private DownloadWarmup warmup(Progress progress, @Nullable Path cache) {
    LayerCache layers =
        cache != null ? LayerCache.of(cache) : CacheCommand.layerCache(connection.cacheDir);
    DownloadWarmup warmup =
        new DownloadWarmup(progress, DownloadWarmup.inCache(layers), JitWarmup::start);
    warmup.begin();
    return warmup;
  }

  private void configure(RegistryClientBuilder b, Progress progress, @Nullable Path cache) {
    b.transferListener(warmup(progress, cache));
    if (cache != null) {
      b.cacheDirectory(cache);
    }
    if (platform != null) {
      b.platform(platform);
    }
    if (parallel != null) {
      int layers = parallel;
      b.transport(t -> t.withParallelism(layers));
    }
  }

  /** As {@link #pull}, for every platform. */
  private MultiPlatformImage pullAllPlatforms(
      ImageReference ref, Progress progress, @Nullable Path cache) {
    try (progress;
        Session session = open(ref, b -> configure(b, progress, cache))) {
      return session.client().pullAllPlatforms(ref);
    }
  }

  private WriteOptions writeOptions() {
    // The OCI formats keep what the registry stored, so the digests of the layout are the
    // registry's.
    boolean keepBlobs = compressedLayers || format != OutputFormat.DOCKER;
    WriteOptions.Builder b =
        WriteOptions.builder()
            .compressedLayers(keepBlobs)
            .repoTag(tag)
            .format(
                format == OutputFormat.DOCKER
                    ? WriteOptions.Format.DOCKER
                    : WriteOptions.Format.OCI);
    if (parallel != null) {
      b.parallelism(parallel);
    }
    if (cacheUncompressed) {
      b.uncompressedLayerCache(CacheCommand.layerCache(connection.cacheDir).uncompressedLayers());
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
