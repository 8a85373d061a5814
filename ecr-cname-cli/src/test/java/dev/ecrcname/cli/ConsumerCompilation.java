package dev.ecrcname.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a small consumer of our published modules with the JDK's own compiler, on the class path
 * or the module path, the way a Maven user's build would see our jars (this test's class path holds
 * the packaged reactor jars).
 */
record ConsumerCompilation(boolean succeeded, String diagnostics) {

  /**
   * Compiles {@code sources} (path → text) against the jars of this test's class path that {@code
   * keep} accepts.
   */
  static ConsumerCompilation compile(
      Map<String, String> sources, boolean modulePath, Predicate<String> keep) {
    try {
      Path dir = Files.createTempDirectory("ecr-cname-consumer");
      List<String> files = new ArrayList<>();
      for (Map.Entry<String, String> source : sources.entrySet()) {
        Path file = dir.resolve("src").resolve(source.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.getValue());
        files.add(file.toString());
      }
      String path =
          String.join(
              File.pathSeparator,
              Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                  .filter(entry -> keep.test(Path.of(entry).getFileName().toString()))
                  .toList());
      List<String> args =
          new ArrayList<>(List.of(modulePath ? "--module-path" : "-classpath", path));
      args.addAll(List.of("-d", dir.resolve("out").toString(), "-Xlint:none"));
      args.addAll(files);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
      int status = javac.run(null, null, diagnostics, args.toArray(String[]::new));
      return new ConsumerCompilation(status == 0, diagnostics.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's README, found from the module directory the tests run in. */
  static Path readme() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md"))
          && Files.isDirectory(p.resolve("ecr-cname-core"))) {
        return p.resolve("README.md");
      }
    }
    throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
  }
}
