package dev.ecrcname.cli;

import dev.ecrcname.archive.DockerArchive;
import dev.ecrcname.core.Compression;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.ManifestFormat;
import dev.ecrcname.core.PushOptions;
import dev.ecrcname.core.PushResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code push FILE REPOSITORY:TAG}: a {@code docker save} tarball (or ours) up through the CNAME.
 */
@Command(
    name = "push",
    sortOptions = false,
    description = "Push an image from a docker save (or ecr-cname pull) tarball through the CNAME.")
final class PushCommand extends RegistryCommand {

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The tarball, e.g. from docker save -o FILE.")
  Path file;

  @Parameters(
      index = "1",
      paramLabel = "REPOSITORY[:TAG]",
      description = "Where to push, e.g. app/new:1.0.")
  String target;

  @Option(
      names = "--image",
      paramLabel = "NAME:TAG",
      description =
          "The image to push when the tarball holds several (a name in it, or its image ID).")
  @Nullable String imageName;

  @Option(
      names = "--format",
      paramLabel = "v2s2|oci",
      converter = FormatConverter.class,
      description =
          "The manifest schema: v2s2 (Docker, the default) or oci (the default with zstd).")
  @Nullable ManifestFormat format;

  @Option(
      names = "--compression",
      paramLabel = "gzip|zstd",
      converter = CompressionConverter.class,
      description =
          "How to compress uncompressed layers: gzip (the default) or zstd (smaller, much less CPU;"
              + " ECR, Docker 23+, containerd and podman pull it; implies --format oci).")
  Compression compression = Compression.GZIP;

  @Option(
      names = "--mount-from",
      paramLabel = "REPOSITORY",
      description = "Try a cross-repository blob mount from this repository first (repeatable).")
  List<String> mountFrom = new ArrayList<>();

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Layers to move at once (default 4).")
  @Nullable Integer parallel;

  PushCommand(Io io) {
    super(io);
  }

  @Override
  int run() throws Exception {
    ImageReference ref = reference(target);
    if (ref.byDigest()) {
      throw new ParameterException(
          spec.commandLine(), "push needs a tag, not a digest: e.g. " + ref.repository() + ":1.0");
    }
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "no such file: " + file);
    }
    Instant start = Instant.now();
    PushResult result;
    Progress progress = Progress.create(output.verbosity(), io, "exists");
    // A multi-platform tarball is pushed whole: every platform's image, then the index.
    List<ImageSource> images =
        imageName == null
            ? DockerArchive.readPlatforms(file)
            : DockerArchive.readPlatforms(file, imageName);
    Throwable failed = null;
    try (progress;
        Session session =
            open(
                ref,
                b -> {
                  if (parallel != null) {
                    int layers = parallel;
                    b.transport(t -> t.withParallelism(layers));
                  }
                })) {
      ManifestFormat schema =
          format != null
              ? format
              : compression == Compression.ZSTD ? ManifestFormat.OCI : ManifestFormat.DOCKER_V2S2;
      PushOptions options =
          PushOptions.builder()
              .format(schema)
              .layerCompression(compression)
              .mountFrom(mountFrom)
              .listener(progress)
              .build();
      // The uploads encrypt with the same AES-GCM and SHA-256 code the pull's warm-up compiles.
      JitWarmup.start(() -> true);
      result =
          images.size() == 1
              ? session.client().push(ref, images.get(0), options)
              : session.client().pushIndex(ref, images, options);
    } catch (RuntimeException | Error e) {
      failed = e;
      throw e;
    } finally {
      closeAll(images, failed);
    }
    Duration elapsed = Duration.between(start, Instant.now());
    if (!quiet()) {
      io.err()
          .printf(
              "pushed %s %s (%s): uploaded %s in %d blobs, skipped %s in %d blobs, %s, %s%n",
              ref,
              result.manifestDigest(),
              images.size() == 1 ? "image ID " + result.imageId() : images.size() + " platforms",
              Units.bytes(result.bytesUploaded()),
              result.blobsUploaded(),
              Units.bytes(result.bytesSkipped()),
              result.blobsSkipped(),
              Units.duration(elapsed),
              Units.rate(result.bytesUploaded(), elapsed));
    }
    printData(result.manifestDigest());
    return 0;
  }

  /** {@code v2s2} (also {@code docker}) or {@code oci}. */
  static final class FormatConverter implements ITypeConverter<ManifestFormat> {
    @Override
    public ManifestFormat convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "v2s2", "docker", "docker-v2s2" -> ManifestFormat.DOCKER_V2S2;
        case "oci" -> ManifestFormat.OCI;
        default ->
            throw new IllegalArgumentException("unknown format '" + value + "': use v2s2 or oci");
      };
    }
  }

  /** {@code gzip} or {@code zstd}. */
  static final class CompressionConverter implements ITypeConverter<Compression> {
    @Override
    public Compression convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "gzip" -> Compression.GZIP;
        case "zstd" -> Compression.ZSTD;
        default ->
            throw new IllegalArgumentException(
                "unknown compression '" + value + "': use gzip or zstd");
      };
    }
  }

  /**
   * Closes every image. A failure to close one skips none of the others, and is added to the push's
   * own failure ({@code failed}) rather than hiding it.
   */
  private static void closeAll(List<ImageSource> images, @Nullable Throwable failed)
      throws IOException {
    IOException failure = null;
    for (ImageSource image : images) {
      try {
        image.close();
      } catch (IOException e) {
        if (failed != null) {
          failed.addSuppressed(e);
        } else if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
