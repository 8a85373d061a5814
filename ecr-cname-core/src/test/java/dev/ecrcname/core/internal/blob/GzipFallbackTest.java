package dev.ecrcname.core.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import dev.ecrcname.core.internal.deflate.Libdeflate;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * libdeflate is optional: without its jar, or when its native library does not load, a push gzips
 * through the JDK's zlib, with the zlib digests ParallelGzipTest pins. Each case runs {@link
 * GzipEngineProbe} in a JVM of its own, since a JVM decides once.
 */
class GzipFallbackTest {
  private static final String ZLIB_DIGEST =
      "sha256:9d0c9190122d3a362593aec069183a7f160d95de240cc8a7c81420157d469d43";
  private static final String LIBDEFLATE_DIGEST =
      "sha256:16e62ec1a7a82227b591445d591d72f928a4e9bd6d92888275bc265d51508a64";

  @Test
  void withoutTheJarAPushGzipsThroughTheJdk() throws Exception {
    List<String> lines = probe(false);
    assertThat(lines.get(0)).isEqualTo("ZLIB");
    assertThat(lines.get(1)).contains("jlibdeflate is not on the class path");
    assertThat(lines.get(2)).isEqualTo(ZLIB_DIGEST);
  }

  @Test
  void whenItsNativeLibraryDoesNotLoadAPushGzipsThroughTheJdk() throws Exception {
    List<String> lines = probe(true, "-Djlibdeflate.library.path=/nonexistent/ecr-cname");
    assertThat(lines.get(0)).isEqualTo("ZLIB");
    assertThat(lines.get(1)).contains("native library did not load");
    assertThat(lines.get(2)).isEqualTo(ZLIB_DIGEST);
  }

  @Test
  void theSwitchTurnsItOff() throws Exception {
    List<String> lines = probe(true, "-D" + Libdeflate.SWITCH + "=false");
    assertThat(lines.get(0)).isEqualTo("ZLIB");
    assertThat(lines.get(1)).contains("turned off");
    assertThat(lines.get(2)).isEqualTo(ZLIB_DIGEST);
  }

  @Test
  void withTheJarAndItsNativeAPushGzipsThroughLibdeflate() throws Exception {
    assumeThat(Libdeflate.available()).isTrue();
    List<String> lines = probe(true);
    assertThat(lines).containsExactly("LIBDEFLATE", "-", LIBDEFLATE_DIGEST);
  }

  private static List<String> probe(boolean withJar, String... jvmOptions)
      throws IOException, InterruptedException, URISyntaxException {
    List<String> path = new ArrayList<>();
    path.add(locationOf(Libdeflate.class)); // core's classes
    path.add(locationOf(GzipEngineProbe.class)); // core's test classes
    path.add(locationOf(LoggerFactory.class));
    if (withJar) {
      path.add(locationOf(LibdeflateCompressor.class));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", String.join(File.pathSeparator, path)));
    command.add(GzipEngineProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(err).isZero();
    return out.lines().toList();
  }

  private static String locationOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
