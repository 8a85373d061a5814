package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * NullAway runs with {@code OnlyNullMarked=true}: a package without {@code @NullMarked} is not
 * checked at all (the orchestration layer went unchecked that way). This build check fails when any
 * package of main code in any module lacks it.
 */
class NullMarkedPackagesTest {

  @Test
  void everyPackageOfMainCodeInEveryModuleIsNullMarked() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(sources::add);
    }
    assertThat(sources).hasSizeGreaterThanOrEqualTo(5);
    List<String> unmarked = new ArrayList<>();
    for (Path source : sources) {
      try (Stream<Path> files = Files.walk(source)) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .map(Path::getParent)
            .distinct()
            .filter(dir -> !dir.equals(source)) // module-info.java
            .filter(dir -> !nullMarked(dir.resolve("package-info.java")))
            .forEach(dir -> unmarked.add(root.relativize(dir).toString()));
      }
    }
    assertThat(unmarked).as("packages without @NullMarked in package-info.java").isEmpty();
  }

  private static boolean nullMarked(Path packageInfo) {
    try {
      return Files.isRegularFile(packageInfo)
          && Files.readString(packageInfo).contains("@NullMarked");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
