package dev.ecrcname.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** {@code pull --format}: what the pulled image is written as. */
enum OutputFormat {
  /** A tarball for {@code docker load} that is also an OCI archive. */
  DOCKER,
  /** An OCI archive only, as {@code skopeo copy oci-archive:} writes it. */
  OCI,
  /** An OCI image layout directory, as {@code skopeo copy oci:DIR} writes it. */
  OCI_DIR;

  /** {@code docker}, {@code oci} or {@code oci-dir}, in any case. */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "docker", "docker-archive" -> DOCKER;
        case "oci", "oci-archive" -> OCI;
        case "oci-dir", "oci-layout" -> OCI_DIR;
        default ->
            throw new IllegalArgumentException(
                "unknown format '" + value + "': use docker, oci or oci-dir");
      };
    }
  }
}
