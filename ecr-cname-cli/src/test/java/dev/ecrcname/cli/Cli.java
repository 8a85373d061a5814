package dev.ecrcname.cli;

import dev.ecrcname.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ecr-cname command as a person or a script runs it: {@code java -jar ecr-cname.jar ARGS...},
 * by {@link Command}.
 */
final class Cli {
  private Cli() {}

  /** {@code java -jar ecr-cname.jar ARGS...}; the jar is the one the package phase built. */
  static Command ecrCname(String... args) {
    return Command.of(javaBinary(), "-jar", jar().toString()).args(args);
  }

  static Path jar() {
    Path jar =
        Path.of(System.getProperty("ecr-cname.jar", "target/ecr-cname.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing; build it with ./mvnw -pl ecr-cname-cli package");
    }
    return jar;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
