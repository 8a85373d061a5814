package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tar level of hostile input (issue 12, defects 2 and 7): each gets an {@link
 * ArchiveException}, bounded by a timeout that guards against hangs (it is not a speed test). The
 * image level is in {@link HostileArchiveTest}.
 */
class HostileTarTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);
  private static final byte[] LAYER = new TestImages.Layer().file("a.txt", "a\n").tar();
  private static final byte[] CONFIG = TestImages.config(TestImages.diffIds(List.of(LAYER)));
  private static final String CONFIG_NAME = Digest.sha256(CONFIG).hex() + ".json";

  @TempDir Path dir;

  private static String manifest(String config, String layerPath) {
    return "[{\"Config\":\"" + config + "\",\"RepoTags\":null,\"Layers\":[\"" + layerPath + "\"]}]";
  }

  private static RawTar valid() {
    return new RawTar()
        .file(CONFIG_NAME, CONFIG)
        .file("layer.tar", LAYER)
        .file("manifest.json", manifest(CONFIG_NAME, "layer.tar"));
  }

  private Path write(byte[] bytes) throws IOException {
    return Files.write(dir.resolve("archive-" + System.nanoTime() + ".tar"), bytes);
  }

  /** Reads {@code tar} under the hang guard and expects a typed refusal. */
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(Path tar) {
    return assertThatThrownBy(
            () -> assertTimeoutPreemptively(HANG_GUARD, () -> DockerArchive.read(tar).close()))
        .isInstanceOf(ArchiveException.class);
  }

  @Test
  void negativeOctalSizeIsRefused() throws IOException {
    byte[] field = "-0000000001\0".getBytes(StandardCharsets.US_ASCII);
    refused(write(valid().headerWithSizeField("negative", field).bytes()))
        .hasMessageContaining("corrupt");
  }

  @Test
  void negativeBase256SizeIsRefused() throws IOException {
    byte[] field = new byte[12];
    Arrays.fill(field, (byte) 0xff);
    refused(write(valid().headerWithSizeField("negative", field).bytes()))
        .hasMessageContaining("negative size");
  }

  @Test
  void paxSizeOfMinusOneIsRefused() throws IOException {
    refused(write(valid().pax("11 size=-1\n").file("x", "x").bytes()))
        .hasMessageContaining("negative");
  }

  @Test
  void sizePastTheEndOfTheFileIsRefused() throws IOException {
    refused(write(valid().lyingHeader("huge", 1 << 20).bytes()))
        .hasMessageContaining("declares 1048576 bytes");
  }

  @Test
  void aHundredThousandConsecutivePaxHeadersAreRefused() throws IOException {
    byte[] one = new RawTar().pax("10 path=a\n").bytesWithoutEnd();
    refused(write(valid().raw(repeat(one, 100_000)).file("x", "x").bytes()))
        .hasMessageContaining("metadata headers");
  }

  @Test
  void aHundredThousandConsecutiveGnuLongNamesAreRefused() throws IOException {
    // Commons Compress on its own recurses once per such header and overflows the stack.
    byte[] name = "name\0".getBytes(StandardCharsets.US_ASCII);
    byte[] one = new RawTar().entry("././@LongLink", 'L', name).bytesWithoutEnd();
    refused(write(valid().raw(repeat(one, 100_000)).file("x", "x").bytes()))
        .hasMessageContaining("metadata headers");
  }

  @Test
  void aManifestPathOfAMillionComponentsIsRefused() throws IOException {
    String deep = "a/".repeat(1_000_000) + "layer.tar";
    byte[] tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .file("manifest.json", manifest(CONFIG_NAME, deep))
            .bytes();
    refused(write(tar)).hasMessageContaining("PATH_MAX");
  }

  @Test
  void aSymlinkChainExpandingToAHugePathIsRefused() throws IOException {
    RawTar tar = new RawTar().file(CONFIG_NAME, CONFIG).symlink("l0", "a/".repeat(2000) + "x");
    for (int i = 1; i < 30; i++) {
      tar.symlink("l" + i, "l" + (i - 1) + "/" + "../".repeat(2000));
    }
    tar.file("manifest.json", manifest(CONFIG_NAME, "l29/layer.tar"));
    refused(write(tar.bytes()));
  }

  @Test
  void randomBytesAreRefused() throws IOException {
    byte[] noise = new byte[64 << 10];
    new SplittableRandom(1).nextBytes(noise);
    refused(write(noise)).hasMessageContaining("not a tar archive");
  }

  @Test
  void aFileShorterThanOneHeaderIsRefused() throws IOException {
    refused(write("hello".getBytes(StandardCharsets.US_ASCII))).hasMessageContaining("truncated");
  }

  @Test
  void anEmptyFileIsRefused() throws IOException {
    refused(write(new byte[0])).hasMessageContaining("no tar entries");
  }

  @Test
  void aTarOfOnlyEndBlocksIsRefused() throws IOException {
    refused(write(new RawTar().bytes())).hasMessageContaining("no tar entries");
  }

  @Test
  void aManifestJsonNamingADirectoryIsRefused() throws IOException {
    byte[] tar =
        new RawTar()
            .entry("layers/", TarHeaders.DIRECTORY, new byte[0])
            .file(CONFIG_NAME, CONFIG)
            .file("manifest.json", manifest(CONFIG_NAME, "layers"))
            .bytes();
    refused(write(tar)).hasMessageContaining("'layers' is not a regular file");
  }

  @Test
  void aManifestJsonThatIsADirectoryIsRefused() throws IOException {
    byte[] tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .entry("manifest.json/", TarHeaders.DIRECTORY, new byte[0])
            .bytes();
    refused(write(tar)).hasMessageContaining("'manifest.json' is not a regular file");
  }

  /**
   * docker load extracts the tarball, so of two entries with one name the later one is what it
   * reads. We read the same one: push then uploads what docker would load, not something else.
   */
  @Test
  void ofTwoManifestJsonsTheLaterIsReadAsDockerLoadReadsIt() throws IOException {
    byte[] tar =
        valid()
            .file("manifest.json", manifest(CONFIG_NAME, "missing/layer.tar"))
            .file("manifest.json", manifest(CONFIG_NAME, "layer.tar"))
            .bytes();
    Path file = write(tar);
    try (ImageSource source =
        assertTimeoutPreemptively(HANG_GUARD, () -> DockerArchive.read(file))) {
      assertThat(DockerArchiveReadTest.content(source.layers().get(0))).isEqualTo(LAYER);
    }
    byte[] reversed =
        valid().file("manifest.json", manifest(CONFIG_NAME, "missing/layer.tar")).bytes();
    refused(write(reversed)).hasMessageContaining("no file 'missing/layer.tar'");
  }

  @Test
  void aPaxGlobalHeaderAppliesToNothingAsInGo() throws IOException {
    byte[] tar =
        new RawTar()
            .entry("pax_global_header", 'g', "16 path=elsewhere\n".getBytes(StandardCharsets.UTF_8))
            .raw(valid().bytesWithoutEnd())
            .bytes();
    Path file = write(tar);
    try (ImageSource source =
        assertTimeoutPreemptively(HANG_GUARD, () -> DockerArchive.read(file))) {
      assertThat(source.configBytes()).isEqualTo(CONFIG);
    }
  }

  private static byte[] repeat(byte[] one, int times) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(one.length * times);
    for (int i = 0; i < times; i++) {
      out.writeBytes(one);
    }
    return out.toByteArray();
  }
}
