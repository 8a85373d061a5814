package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzing of the tarball reader (issue 21): the input is a tarball (the seeds in {@code
 * TarReaderFuzzTestInputs/} are the shapes of {@link ArchiveShapes}); every block that looks like a
 * ustar header gets its checksum fixed, so that edits reach the reader beyond the checksum test. It
 * is read with {@link DockerArchive#read} and each layer drained. The result is an image whose
 * uncompressed layers hash to their diff_id, or an {@link EcrCnameException} with a message; never
 * another throwable, never a hang, never a file left in the working directory.
 */
class TarReaderFuzzTest {
  private static final Path DIR = temporaryDirectory();

  @FuzzTest
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aTarballIsReadOrRefusedWithATypedError(byte[] input) throws IOException {
    Path file = Files.write(DIR.resolve("fuzzed.tar"), withValidChecksums(input));
    try (ImageSource image = DockerArchive.read(file)) {
      assertThat(image.configBytes()).isNotEmpty();
      for (ImageSource.Layer layer : image.layers()) {
        Digest read = drain(layer);
        if (layer.compression() == Compression.NONE && layer.content().checksDiffId()) {
          assertThat(read).as("an uncompressed layer is its diff_id").isEqualTo(layer.diffId());
        }
      }
    } catch (EcrCnameException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    } finally {
      Files.delete(file);
    }
    try (Stream<Path> left = Files.list(DIR)) {
      assertThat(left).as("nothing left beside the tarball").isEmpty();
    }
  }

  @AfterAll
  static void deleteDirectory() throws IOException {
    Files.deleteIfExists(DIR);
  }

  /** The input with the checksum of every ustar-looking 512-byte block recomputed. */
  static byte[] withValidChecksums(byte[] input) {
    byte[] tar = input.clone();
    byte[] magic = "ustar".getBytes(StandardCharsets.US_ASCII);
    for (int block = 0; block + 512 <= tar.length; block += 512) {
      boolean header = true;
      for (int i = 0; i < magic.length && header; i++) {
        header = tar[block + 257 + i] == magic[i];
      }
      if (!header) {
        continue;
      }
      long sum = 0;
      for (int i = 0; i < 512; i++) {
        sum += i >= 148 && i < 156 ? ' ' : tar[block + i] & 0xff;
      }
      byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(field, 0, tar, block + 148, 8);
    }
    return tar;
  }

  private static Digest drain(ImageSource.Layer layer) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = layer.content().open()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    return Digest.sha256Of(sha256);
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("tar-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
