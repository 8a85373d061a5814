package dev.ecrcname.cli;

import dev.ecrcname.archive.DockerArchive;
import dev.ecrcname.archive.WriteOptions;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code pull REPOSITORY[:TAG|@DIGEST] [-o FILE]}: a tarball that docker load, podman load and
 * skopeo accept.
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
      paramLabel = "FILE",
      description = "The tarball to write. Default: from the reference, e.g. app-small_1.0.tar.")
  @Nullable Path file;

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
    Progress progress = Progress.create(output.verbosity(), io.err(), "cached");
    Path temporaryCache = noCache ? temporaryCache(target) : null;
    if (temporaryCache == null) {
      CacheCommand.requireWritable(connection.cacheDir);
    }
    try {
      PulledImage pulled = pull(ref, progress, temporaryCache);
      DockerArchive.write(pulled, target, options);
      summary(ref, pulled, progress, start, target);
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
      ImageReference ref, PulledImage pulled, Progress progress, Instant start, Path target) {
    Duration elapsed = Duration.between(start, Instant.now());
    if (!quiet()) {
      io.err()
          .printf(
              "pulled %s %s: %s in %d blobs (%d cached), %s, %s -> %s%n",
              ref.nameAndReference(),
              pulled.manifestDigest(),
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
    String name = ref.repository().replace('/', '-');
    String suffix =
        ref.digest() != null
            ? ref.digest().algorithm() + "-" + ref.digest().hex().substring(0, 12)
            : ref.reference();
    return name + "_" + suffix + ".tar";
  }

  /** Checked before any download, so that a typo in -o costs nothing. */
  private Path target(ImageReference ref) {
    Path target = file != null ? file : Path.of(defaultFileName(ref));
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new ParameterException(
          spec.commandLine(), "cannot write " + target + ": no such directory " + parent);
    }
    if (parallel != null && (parallel < 1 || parallel > 64)) {
      throw new ParameterException(
          spec.commandLine(), "--parallel must be between 1 and 64, got " + parallel);
    }
    return target;
  }

  /**
   * Downloads and verifies every blob into the cache; the bars are gone before the tarball is
   * written.
   */
  private PulledImage pull(ImageReference ref, Progress progress, @Nullable Path cache) {
    try (progress;
        Session session =
            open(
                b -> {
                  b.transferListener(progress);
                  if (cache != null) {
                    b.cacheDirectory(cache);
                  }
                  if (platform != null) {
                    b.platform(platform);
                  }
                  if (parallel != null) {
                    b.parallelism(parallel);
                  }
                })) {
      // A fresh JVM per command: the crypto warm-up pays for itself here (docs/benchmarks.md).
      JitWarmup.startOnce();
      return session.client().pull(ref);
    }
  }

  private WriteOptions writeOptions() {
    WriteOptions.Builder b = WriteOptions.builder().compressedLayers(compressedLayers).repoTag(tag);
    if (parallel != null) {
      b.parallelism(parallel);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
