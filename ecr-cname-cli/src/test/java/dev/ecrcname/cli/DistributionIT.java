package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.StandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archives as a user gets them (issue 14): unpacked with tar, {@code
 * bin/ecr-cname} runs with nothing but a Java runtime, pulls through the stand-in, and the download
 * stays at most 12 MiB (issue 23), serve's Jetty included (issue 20). The other CLI tests run the
 * same {@code lib/ecr-cname.jar} (the failsafe property ecr-cname.jar).
 */
class DistributionIT {
  private static final long MAX_BYTES = 12L * 1024 * 1024;

  @TempDir Path unpacked;
  @TempDir Path work;
  @TempDir Path cache;

  static Path archive(String extension) {
    String version = System.getProperty("ecr-cname.version", "unknown");
    Path file = Path.of("target", "ecr-cname-" + version + extension).toAbsolutePath();
    assertThat(file).as("the distribution, built by the package phase").isRegularFile();
    return file;
  }

  /**
   * Unpacks the tar.gz with the system's tar, as the README says, and returns ecr-cname-VERSION/.
   */
  Path unpack() throws IOException {
    Command.of("tar", "-xzf", archive(".tar.gz").toString(), "-C", unpacked.toString())
        .run()
        .succeeded();
    try (var top = Files.list(unpacked)) {
      return top.collect(java.util.stream.Collectors.toList()).get(0);
    }
  }

  /**
   * The launcher with JAVA_HOME as the only hint where Java is, and a PATH without the build's
   * tools; its class data sharing archive goes into the unpacked folder, not the user's cache.
   */
  static Command launcher(Path home, String... args) {
    return Command.of(home.resolve("bin/ecr-cname").toString())
        .args(List.of(args))
        .env("JAVA_HOME", System.getProperty("java.home"))
        .env("PATH", "/usr/bin:/bin")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  @Test
  void bothArchivesAreAtMostTwelveMebibytes() throws IOException {
    assertThat(Files.size(archive(".tar.gz"))).isLessThanOrEqualTo(MAX_BYTES);
    assertThat(Files.size(archive(".zip"))).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void theUnpackedLauncherPrintsVersionCommitJavaAndPlatform() throws IOException {
    Path home = unpack();

    String out = launcher(home, "--version").run().succeeded().stdout();

    String version = System.getProperty("ecr-cname.version");
    assertThat(home.getFileName()).hasToString("ecr-cname-" + version);
    assertThat(out.strip())
        .matches(
            "ecr-cname \\Q" + version + "\\E \\(commit ([0-9a-f]{7,}|unknown)\\) Java .+; .+/.+")
        .contains("Java " + System.getProperty("java.version") + "; ")
        .endsWith(System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
  }

  @Test
  void theUnpackedLauncherPullsThroughTheStandIn() throws IOException {
    StandIn standIn = StandIn.require();
    Path home = unpack();

    Command.Result result =
        launcher(home, "pull")
            .args(Connection.staticCredentials(standIn, cache))
            .args(List.of("app/small:1.0", "-o", "small.tar"))
            .stdin(standIn.password() + "\n")
            .in(work)
            .run()
            .succeeded();

    assertThat(work.resolve("small.tar")).isRegularFile();
    assertThat(result.stdoutLines()).containsExactly("small.tar");
  }

  @Test
  void theTarballHoldsLaunchersJarLicensesAndNotice() throws IOException {
    Path home = unpack();

    assertThat(home.resolve("bin/ecr-cname")).isExecutable();
    assertThat(home.resolve("lib/ecr-cname.jar")).isRegularFile();
    assertThat(home.resolve("LICENSE")).content().contains("Apache License");
    assertThat(home.resolve("NOTICE")).content().contains("zstd-jni");
    assertThat(home.resolve("licenses/zstd-jni/LICENSE")).isRegularFile();
    assertThat(home.resolve("licenses/jlibdeflate/LICENSE")).isRegularFile();
    assertThat(home.resolve("licenses/jlibdeflate/LICENSE-libdeflate")).isRegularFile();
    assertThat(home.resolve("licenses/commons-compress/LICENSE.txt")).isRegularFile();
    assertThat(home.resolve("licenses/sdk-core/NOTICE.txt")).isRegularFile();
    String bat = Files.readString(home.resolve("bin/ecr-cname.bat"), StandardCharsets.US_ASCII);
    assertThat(bat).contains("\r\n").contains("lib\\ecr-cname.jar");
  }

  /**
   * Pushes gzip through libdeflate by default (issue 23): its classes and the natives of the five
   * platforms it supports are in the jar; its benchmark is not.
   */
  @Test
  void theJarCarriesLibdeflateWithItsNativeLibraries() throws IOException {
    Set<String> entries = new TreeSet<>();
    try (ZipFile jar = new ZipFile(unpack().resolve("lib/ecr-cname.jar").toFile())) {
      for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
        entries.add(e.nextElement().getName());
      }
    }
    assertThat(entries)
        .contains(
            "com/fulcrumgenomics/jlibdeflate/LibdeflateCompressor.class",
            "native/linux-x86_64/libjlibdeflate.so",
            "native/linux-aarch64/libjlibdeflate.so",
            "native/osx-x86_64/libjlibdeflate.dylib",
            "native/osx-aarch64/libjlibdeflate.dylib",
            "native/windows-x86_64/jlibdeflate.dll")
        .doesNotContain("com/fulcrumgenomics/jlibdeflate/LibdeflateBenchmark.class");
  }

  /**
   * The shade filters leave out Jetty packages the mirror never uses (ecr-cname-cli's pom): every
   * class reachable from the mirror's own, by jdeps' class dependencies, is in the jar, so a Jetty
   * upgrade that starts using a left-out package fails here rather than in a running mirror.
   */
  @Test
  void everyClassTheMirrorReachesIsInTheJar() throws IOException {
    Path jar = unpack().resolve("lib/ecr-cname.jar");
    String jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps").toString();
    String deps =
        Command.of(jdeps, "-verbose:class", "-filter:none", "--multi-release", "17")
            .args(
                "-include",
                "dev\\.ecrcname\\.serve\\..*|org\\.eclipse\\.jetty\\..*|io\\.prometheus\\..*")
            .args(jar.toString())
            .run()
            .succeeded()
            .stdout();
    Map<String, Set<String>> uses = new HashMap<>();
    Set<String> missing = new TreeSet<>();
    for (String line : deps.lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[1].equals("->")) {
        uses.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
        if (line.endsWith("not found")) {
          missing.add(f[2]);
        }
      }
    }
    assertThat(uses)
        .as("jdeps found the mirror's classes")
        .containsKey("dev.ecrcname.serve.MirrorServer");
    Set<String> reached = new TreeSet<>();
    Deque<String> next = new ArrayDeque<>();
    uses.keySet().stream().filter(c -> c.startsWith("dev.ecrcname.serve.")).forEach(next::add);
    while (!next.isEmpty()) {
      String c = next.pop();
      if (reached.add(c)) {
        next.addAll(uses.getOrDefault(c, Set.of()));
      }
    }
    reached.retainAll(missing);
    reached.removeIf(c -> !c.startsWith("org.eclipse.jetty.") && !c.startsWith("io.prometheus."));
    assertThat(reached)
        .as("Jetty and Prometheus classes the mirror reaches that the jar lacks")
        .isEmpty();
  }

  @Test
  void theZipHoldsTheSameFilesAsTheTarball() throws IOException {
    Set<String> tar =
        new TreeSet<>(
            Command.of("tar", "-tzf", archive(".tar.gz").toString())
                .run()
                .succeeded()
                .stdoutLines());
    Set<String> zip = new TreeSet<>();
    try (ZipFile file = new ZipFile(archive(".zip").toFile())) {
      for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
        zip.add(e.nextElement().getName());
      }
    }
    tar.removeIf(name -> name.endsWith("/"));
    zip.removeIf(name -> name.endsWith("/"));
    assertThat(zip).isEqualTo(tar);
  }
}
