package dev.ecrcname.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code copy}'s second registry: each {@code --to-*} option overrides the source's connection
 * option of the same name; without any, the copy stays within the source's registry.
 */
final class TargetOptions {

  @Option(
      names = "--to-endpoint",
      order = 60,
      paramLabel = "URL",
      description = "The target registry's CNAME, e.g. https://docker-ecr.prod.example.")
  @Nullable String endpoint;

  @Option(
      names = "--to-registry",
      order = 61,
      paramLabel = "HOST",
      description = "The target's real ECR host. Default: from its token.")
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

  /** The source's connection options with these on top. */
  ConnectionOptions over(ConnectionOptions source) {
    ConnectionOptions target = source.copy();
    target.endpoint = either(endpoint, source.endpoint);
    target.registry = either(registry, source.registry);
    target.region = either(region, source.region);
    target.profile = either(profile, source.profile);
    target.roleArn = either(roleArn, source.roleArn);
    target.caFile = either(caFile, source.caFile);
    return target;
  }

  /** The target's value where one is given, else the source's. */
  private static <T> @Nullable T either(@Nullable T target, @Nullable T source) {
    return target != null ? target : source;
  }
}
