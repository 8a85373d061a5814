package dev.ecrcname.core.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.internal.blob.GzipBlocks.Engine;
import dev.ecrcname.core.internal.deflate.Libdeflate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParallelGzipTest {
  /**
   * Small blocks, so that block boundaries and dictionaries are exercised without megabytes of
   * data.
   */
  private static final int BLOCK = 64 * 1024;

  private static ExecutorService one;
  private static ExecutorService four;

  @BeforeAll
  static void pools() {
    one = Executors.newSingleThreadExecutor();
    four = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void shutdown() {
    one.shutdownNow();
    four.shutdownNow();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void roundTripsThroughTheJdksGzipReader(Engine engine) throws IOException {
    assumeEngine(engine);
    byte[] input = LayerLikeBytes.mixed(5 * BLOCK + 1234, 1);
    assertThat(gunzip(gzip(engine, input, four, 4))).isEqualTo(input);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void outputIsTheSameForAnyThreadCountAndWindow(Engine engine) throws IOException {
    assumeEngine(engine);
    byte[] input = LayerLikeBytes.mixed(9 * BLOCK + 77, 2);
    byte[] reference = gzip(engine, input, one, 1);
    assertThat(gzip(engine, input, four, 4)).isEqualTo(reference);
    assertThat(gzip(engine, input, four, 2)).isEqualTo(reference);
    assertThat(gzip(engine, input, four, 9)).isEqualTo(reference);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void emptyInputIsAValidEmptyMember(Engine engine) throws IOException {
    assumeEngine(engine);
    byte[] gz = gzip(engine, new byte[0], four, 4);
    assertThat(gunzip(gz)).isEmpty();
    assertThat(gz)
        .startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff); // no name, mtime 0, OS "unknown"
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void inputOfExactlyOneBlock(Engine engine) throws IOException {
    assumeEngine(engine);
    byte[] input = LayerLikeBytes.mixed(BLOCK, 3);
    assertThat(gunzip(gzip(engine, input, four, 4))).isEqualTo(input);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void inputsAroundBlockBoundaries(Engine engine) throws IOException {
    assumeEngine(engine);
    for (int length :
        new int[] {1, BLOCK - 1, BLOCK + 1, 2 * BLOCK - 1, 2 * BLOCK, 2 * BLOCK + 1, 3 * BLOCK}) {
      byte[] input = LayerLikeBytes.mixed(length, length);
      assertThat(gunzip(gzip(engine, input, four, 3))).as("length %d", length).isEqualTo(input);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void inputFromAStreamThatReturnsFewBytesPerReadGivesTheSameOutput(Engine engine)
      throws IOException {
    assumeEngine(engine);
    byte[] input = LayerLikeBytes.mixed(4 * BLOCK + 5, 4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ParallelGzip(engine, 6, BLOCK, four, 4).compress(new Trickle(input), out);
    assertThat(out.toByteArray()).isEqualTo(gzip(engine, input, one, 1));
  }

  @Test
  void zlibsTrailerHasTheCrcAndLengthOfTheWholeInput() throws IOException {
    byte[] input = LayerLikeBytes.mixed(3 * BLOCK + 9, 5);
    byte[] gz = gzip(Engine.ZLIB, input, four, 4);
    CRC32 crc = new CRC32();
    crc.update(input);
    int n = gz.length;
    long storedCrc =
        (gz[n - 8] & 0xffL)
            | (gz[n - 7] & 0xffL) << 8
            | (gz[n - 6] & 0xffL) << 16
            | (gz[n - 5] & 0xffL) << 24;
    long storedSize =
        (gz[n - 4] & 0xffL)
            | (gz[n - 3] & 0xffL) << 8
            | (gz[n - 2] & 0xffL) << 16
            | (gz[n - 1] & 0xffL) << 24;
    assertThat(storedCrc).isEqualTo(crc.getValue());
    assertThat(storedSize).isEqualTo(input.length);
  }

  @Test
  void zlibsDictionaryCarryOverKeepsRepetitiveDataSmallAcrossBlocks() throws IOException {
    // A 20 KiB random pattern repeated: each block can refer back into the previous one only
    // through the dictionary.
    byte[] pattern = new byte[20 * 1024];
    new Random(6).nextBytes(pattern);
    byte[] input = new byte[8 * BLOCK];
    for (int i = 0; i < input.length; i++) {
      input[i] = pattern[i % pattern.length];
    }
    byte[] gz = gzip(Engine.ZLIB, input, four, 4);
    assertThat(gunzip(gz)).isEqualTo(input);
    assertThat(gz.length).isLessThan(pattern.length + 8 * 1024);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void largeRandomAndTextInputWithTheProductionBlockSize(Engine engine) throws IOException {
    assumeEngine(engine);
    byte[] input = LayerLikeBytes.mixed(5 * ParallelGzip.BLOCK_SIZE + 4321, 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ParallelGzip(engine, 1).compress(new ByteArrayInputStream(input), out);
    assertThat(gunzip(out.toByteArray())).isEqualTo(input);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    new ParallelGzip(engine, 1, ParallelGzip.BLOCK_SIZE, one, 1)
        .compress(new ByteArrayInputStream(input), again);
    assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
  }

  /**
   * The bytes for a fixed input are pinned per engine: a change to how blocks are deflated
   * (buffers, flushes, dictionaries, members) must not change the digest of any layer we ever
   * pushed. A new libdeflate that compresses differently fails here: then its digests are new ones,
   * and the changelog must say so.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void outputBytesArePinnedForTheProductionLevelAndBlockSize(Engine engine) throws IOException {
    assumeEngine(engine);
    byte[] input = LayerLikeBytes.mixed(3 * ParallelGzip.BLOCK_SIZE + 4321, 11);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ParallelGzip(engine, LayerCompressor.LEVEL).compress(new ByteArrayInputStream(input), out);
    assertThat(Digest.sha256(out.toByteArray()).toString())
        .isEqualTo(
            engine == Engine.ZLIB
                ? "sha256:9d0c9190122d3a362593aec069183a7f160d95de240cc8a7c81420157d469d43"
                : "sha256:16e62ec1a7a82227b591445d591d72f928a4e9bd6d92888275bc265d51508a64");
  }

  @Test
  void libdeflateWritesOneGzipMemberPerBlockAndOneForAnEmptyInput() throws IOException {
    assumeEngine(Engine.LIBDEFLATE);
    byte[] input = LayerLikeBytes.mixed(3 * BLOCK + 9, 12);
    assertThat(members(gzip(Engine.LIBDEFLATE, input, four, 4))).isEqualTo(4);
    assertThat(members(gzip(Engine.LIBDEFLATE, new byte[0], four, 4))).isEqualTo(1);
    assertThat(members(gzip(Engine.ZLIB, input, four, 4))).isEqualTo(1);
  }

  /** Counts gzip members by reading them one at a time with the JDK's Inflater. */
  private static int members(byte[] gz) throws IOException {
    int count = 0;
    int offset = 0;
    while (offset < gz.length) {
      assertThat(gz[offset] & 0xff).as("member %d magic", count).isEqualTo(0x1f);
      java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
      try {
        inflater.setInput(gz, offset + 10, gz.length - offset - 10);
        byte[] sink = new byte[64 * 1024];
        while (!inflater.finished()) {
          inflater.inflate(sink);
        }
        offset = gz.length - inflater.getRemaining() + 8;
      } catch (java.util.zip.DataFormatException e) {
        throw new IOException(e);
      } finally {
        inflater.end();
      }
      count++;
    }
    return count;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void theGzipToolAcceptsTheOutput(Engine engine, @TempDir Path dir)
      throws IOException, InterruptedException {
    assumeEngine(engine);
    String tool =
        Files.isExecutable(Path.of("/usr/bin/pigz"))
            ? "/usr/bin/pigz"
            : Files.isExecutable(Path.of("/bin/gzip")) ? "/bin/gzip" : null;
    assumeThat(tool).as("pigz or gzip").isNotNull();
    byte[] input = LayerLikeBytes.mixed(6 * BLOCK + 99, 8);
    Path file = dir.resolve("layer.gz");
    Files.write(file, gzip(engine, input, four, 4));
    Process test =
        new ProcessBuilder(tool, "-t", file.toString()).redirectErrorStream(true).start();
    String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(test.waitFor()).as(output).isZero();
    Process unzip = new ProcessBuilder(tool, "-dc", file.toString()).start();
    byte[] restored = unzip.getInputStream().readAllBytes();
    assertThat(unzip.waitFor()).isZero();
    assertThat(restored).isEqualTo(input);
  }

  private static byte[] gzip(Engine engine, byte[] input, ExecutorService pool, int window)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ParallelGzip(engine, 6, BLOCK, pool, window).compress(new ByteArrayInputStream(input), out);
    return out.toByteArray();
  }

  private static void assumeEngine(Engine engine) {
    assumeThat(engine == Engine.ZLIB || Libdeflate.available()).as("libdeflate here").isTrue();
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** Hands out at most 1000 bytes per read, as a network or region stream may. */
  private static final class Trickle extends ByteArrayInputStream {
    Trickle(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1000));
    }
  }
}
