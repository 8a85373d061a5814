package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the tar reader (issue 12): a docker-save tarball with random edits (bytes flipped,
 * header fields overwritten, cut short, blocks repeated) is read and each layer drained. The result
 * is a readable image or a typed {@link EcrCnameException} (an {@link ArchiveException}, or a
 * digest mismatch as a layer ends), never another throwable, never a hang. Fixed seed, bounded
 * tries; a crash found here becomes a regular test in {@link HostileTarTest}.
 */
class TarReaderPropertiesTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);
  private static final byte[] LAYER =
      new TestImages.Layer().file("a.txt", "a\n").file("dir/b.txt", "bb\n").tar();
  private static final byte[] CONFIG = TestImages.config(TestImages.diffIds(List.of(LAYER)));
  private static final String CONFIG_NAME = Digest.sha256(CONFIG).hex() + ".json";
  private static final byte[] VALID =
      new RawTar()
          .file(CONFIG_NAME, CONFIG)
          .pax("33 path=layer/with/long/name.tar\n")
          .file("layer.tar", LAYER)
          .symlink("link.tar", "layer/with/long/name.tar")
          .file(
              "manifest.json",
              "[{\"Config\":\""
                  + CONFIG_NAME
                  + "\",\"RepoTags\":[\"app/small:1.0\"],\"Layers\":[\"link.tar\"]}]")
          .bytes();

  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("tar-properties");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }

  /** {@link #VALID} with 1 to 8 random edits. */
  static byte[] mutate(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] tar = VALID.clone();
    int edits = 1 + random.nextInt(8);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(tar.length);
      switch (random.nextInt(6)) {
        case 0 -> tar[at] = (byte) random.nextInt(256);
        case 1 -> {
          // a header field: size (124..135), mode, checksum or type flag of some 512-byte block
          int block = at - at % 512;
          int field = new int[] {100, 124, 136, 148, 156, 345}[random.nextInt(6)];
          byte[] junk = {'-', '7', '7', '7', '7', '7', '7', '7', '7', '7', '7', 0};
          for (int j = 0; j < 12 && block + field + j < tar.length; j++) {
            tar[block + field + j] = random.nextBoolean() ? junk[j] : (byte) random.nextInt(256);
          }
        }
        case 2 -> tar = java.util.Arrays.copyOf(tar, at);
        case 3 -> tar[at] ^= (byte) (1 << random.nextInt(8));
        case 4 -> {
          int block = at - at % 512;
          byte[] longer = java.util.Arrays.copyOf(tar, tar.length + 512);
          System.arraycopy(tar, block, longer, block + 512, tar.length - block);
          tar = longer; // a header block repeated
        }
        default -> tar[at] = 0;
      }
      if (tar.length == 0) {
        break;
      }
    }
    return tar;
  }

  /** The baseline the edits start from reads, so that the property starts from an image. */
  @Example
  void theUneditedTarballReads() throws IOException {
    Path file = Files.write(dir.resolve("valid.tar"), VALID);
    try (ImageSource image = DockerArchive.read(file)) {
      assertThat(image.layers()).hasSize(1);
      drain(image.layers().get(0));
    }
  }

  @Property(tries = 400, seed = "1212")
  void aMutatedTarballIsReadOrRefusedWithATypedError(@ForAll long seed) throws IOException {
    Path file = Files.write(dir.resolve("fuzzed-" + seed + ".tar"), mutate(seed));
    try {
      assertTimeoutPreemptively(
          HANG_GUARD,
          () -> {
            try (ImageSource image = DockerArchive.read(file)) {
              assertThat(image.configBytes()).isNotEmpty();
              for (ImageSource.Layer layer : image.layers()) {
                drain(layer);
              }
            } catch (EcrCnameException expected) {
              assertThat(expected.getMessage()).isNotBlank();
            }
          });
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void drain(ImageSource.Layer layer) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = layer.content().open()) {
      while (in.read(buffer) >= 0) {
        // hashing and checks happen as the stream is read
      }
    }
  }
}
