package dev.ecrcname.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code copy}'s second registry, as options (fields only); {@link Connections#target} resolves
 * them over the source's connection, by the rules it documents: the registry host and the
 * credentials never come from the source unless the endpoint is the source's. Without any, the copy
 * stays within the source's registry.
 */
final class TargetOptions {

  @Option(
      names = "--to-endpoint",
      order = 60,
      paramLabel = "URL",
      description =
          "The target registry's CNAME, e.g. https://docker-ecr.prod.example. Its credentials are its"
              + " own: its docker config entry, else an AWS token (--password-stdin serves the source"
              + " only).")
  @Nullable String endpoint;

  @Option(
      names = "--to-registry",
      order = 61,
      paramLabel = "HOST",
      description =
          "The target's real ECR host. Default: the source's on the source's endpoint; on another"
              + " endpoint the target's own token's, else the --to-endpoint host (never the source's).")
  @Nullable String registry;

  @Option(
      names = "--to-region",
      order = 62,
      paramLabel = "REGION",
      description = "The target's AWS region.")
  @Nullable String region;

  @Option(
      names = "--to-profile",
      order = 63,
      paramLabel = "NAME",
      description = "The AWS profile for the target.")
  @Nullable String profile;

  @Option(
      names = "--to-role-arn",
      order = 64,
      paramLabel = "ARN",
      description = "The IAM role to assume for the target.")
  @Nullable String roleArn;

  @Option(
      names = "--to-ca-file",
      order = 65,
      paramLabel = "PEM",
      description = "Also trust these CA certificates for the target.")
  @Nullable Path caFile;

  /** Whether any option names a second registry. */
  boolean any() {
    return Stream.of(endpoint, registry, region, profile, roleArn, caFile)
        .anyMatch(Objects::nonNull);
  }
}
