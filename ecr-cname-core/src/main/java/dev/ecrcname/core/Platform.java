package dev.ecrcname.core;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An OCI platform: os, architecture and optional variant, with Go's names ({@code amd64}, {@code
 * arm64}).
 *
 * @param os e.g. {@code linux}
 * @param architecture e.g. {@code amd64} or {@code arm64}
 * @param variant empty when the platform has none
 */
public record Platform(String os, String architecture, String variant) {
  /**
   * Checks that os and architecture are given.
   *
   * @param os e.g. {@code linux}
   * @param architecture e.g. {@code amd64}
   * @param variant e.g. {@code v8}, or empty
   * @throws IllegalArgumentException when os or architecture is blank
   */
  public Platform {
    if (os.isBlank() || architecture.isBlank()) {
      throw new IllegalArgumentException(
          "platform needs an os and an architecture, e.g. linux/amd64");
    }
  }

  /**
   * A platform without a variant.
   *
   * @param os e.g. {@code linux}
   * @param architecture e.g. {@code arm64}
   * @return the platform
   */
  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, "");
  }

  /**
   * Parses {@code os/arch[/variant]}, as docker's {@code --platform} does.
   *
   * @param value e.g. {@code linux/arm64/v8}
   * @return the platform
   * @throws IllegalArgumentException when the value has fewer than two or more than three parts
   */
  public static Platform parse(String value) {
    String[] parts = value.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "platform must be OS/ARCH[/VARIANT], e.g. linux/arm64, got: " + value);
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /**
   * linux plus this JVM's architecture, mapped to Go's names.
   *
   * @return e.g. {@code linux/amd64} on x86_64
   */
  public static Platform current() {
    return of("linux", goArchitecture(System.getProperty("os.arch", "amd64")));
  }

  static String goArchitecture(String javaArch) {
    return switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      case "ppc64le" -> "ppc64le";
      case "s390x" -> "s390x";
      default -> javaArch;
    };
  }

  /**
   * Whether an index entry's platform satisfies this one. An empty variant here accepts any
   * variant, as docker does when asked for linux/arm64 and the index offers linux/arm64/v8.
   *
   * @param os the entry's os
   * @param architecture the entry's architecture
   * @param variant the entry's variant, or null
   * @return true when the entry is this platform
   */
  public boolean matches(String os, String architecture, @Nullable String variant) {
    return this.os.equals(os)
        && this.architecture.equals(architecture)
        && (this.variant.isEmpty() || this.variant.equals(variant == null ? "" : variant));
  }

  @Override
  public String toString() {
    return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
