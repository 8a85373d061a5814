package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.internal.deflate.Libdeflate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer as ecr-cname pushes it, one gzip member per 1 MiB block, read back through libdeflate
 * member by member: the same tar and the same refusals as through the JDK's reader, with the blob's
 * own digest still checked on the one read of a warm pull.
 */
class MemberLayerTest {
  private static final int BLOCK = 1 << 20;
  private static final byte[] LAYER = layer();

  @TempDir Path dir;

  @BeforeEach
  void needsLibdeflate() {
    assumeThat(Libdeflate.available()).isTrue();
  }

  @Test
  void aLayerOfMembersDecompressesToItsDiffIdAndItsCachedBlobIsHashedOnTheSameRead()
      throws IOException {
    byte[] gz = members(LAYER);
    Path blob = Files.write(dir.resolve("blob"), gz);

    StoredLayer stored =
        StoredLayer.uncompressed(
            blob, Digest.sha256(LAYER), tempDir(), "layer 1", Digest.sha256(gz));

    assertThat(stored.file()).hasBinaryContent(LAYER);
    assertThat(stored.size()).isEqualTo(LAYER.length);
  }

  @Test
  void aCachedBlobOfMembersThatIsNotItsDigestsBytesIsReportedChanged() throws IOException {
    byte[] gz = members(LAYER);
    Path blob = Files.write(dir.resolve("blob"), gz);
    Digest other = Digest.sha256("another blob");

    assertThatThrownBy(
            () -> StoredLayer.uncompressed(blob, Digest.sha256(LAYER), tempDir(), "layer 1", other))
        .isInstanceOf(UnhashedBlob.Changed.class)
        .hasMessageContaining("not to " + other);
  }

  @Test
  void aLayerOfMembersCutShortIsRefusedWithTheJdksReason() throws IOException {
    byte[] cut = Arrays.copyOf(members(LAYER), members(LAYER).length - 300_000);
    Path blob = Files.write(dir.resolve("blob"), cut);

    assertThatThrownBy(
            () -> StoredLayer.uncompressed(blob, Digest.sha256(LAYER), tempDir(), "layer 1", null))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("layer 1 does not decompress as GZIP: " + jdkFailure(cut));
  }

  @Test
  void aLayerWithACorruptMemberIsRefusedWithTheJdksReason() throws IOException {
    byte[] corrupt = members(LAYER);
    corrupt[corrupt.length / 2] ^= 0x5a;
    Path blob = Files.write(dir.resolve("blob"), corrupt);

    assertThatThrownBy(
            () -> StoredLayer.uncompressed(blob, Digest.sha256(LAYER), tempDir(), "layer 1", null))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(jdkFailure(corrupt));
  }

  /**
   * Sized by adding up its members ({@link MemberSizes}) and inflated through libdeflate, an image
   * of member layers writes the same tarball as the JDK's single-member gzip of the same layers.
   */
  @Test
  void anImageOfMemberLayersWritesTheTarballOfItsSingleMemberTwin() throws IOException {
    List<byte[]> tars = List.of(LAYER, TestImages.standardLayers().get(0));
    byte[] config = TestImages.config(TestImages.diffIds(tars));
    PulledImage members =
        TestImages.image(
            dir.resolve("members"),
            "1.0",
            tars,
            Codec.GZIP.mediaType,
            MemberLayerTest::members,
            config);
    PulledImage single =
        TestImages.image(
            dir.resolve("single"), "1.0", tars, Codec.GZIP.mediaType, Codec.GZIP::compress, config);

    DockerArchive.write(members, dir.resolve("members.tar"));
    DockerArchive.write(single, dir.resolve("single.tar"));

    assertThat(dir.resolve("members.tar")).hasSameBinaryContentAs(dir.resolve("single.tar"));
    assertThat(
            TarContents.read(dir.resolve("members.tar"))
                .file("blobs/sha256/" + Digest.sha256(LAYER).hex()))
        .isEqualTo(LAYER);
  }

  private Path tempDir() throws IOException {
    return Files.createDirectories(dir.resolve("tmp"));
  }

  /** What the JDK's reader says about these bytes, to the message of its failure. */
  private static String jdkFailure(byte[] gz) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
      in.readAllBytes();
    } catch (IOException e) {
      return e.getMessage();
    }
    throw new AssertionError("the JDK read it");
  }

  /** A tar of about 4.5 MiB: text and random runs, so that members differ in size. */
  private static byte[] layer() {
    Random random = new Random(23);
    TestImages.Layer layer = new TestImages.Layer();
    for (int i = 0; i < 9; i++) {
      byte[] content = new byte[500_000];
      if (i % 3 == 0) {
        random.nextBytes(content);
      } else {
        for (int k = 0; k < content.length; k++) {
          content[k] = (byte) ('a' + random.nextInt(6));
        }
      }
      layer.file("f" + i + ".bin", content, 0644);
    }
    return layer.tar();
  }

  private static byte[] members(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LibdeflateCompressor compressor = Libdeflate.compressor(1)) {
      for (int at = 0; at < data.length; at += BLOCK) {
        int length = Math.min(BLOCK, data.length - at);
        byte[] member = new byte[compressor.gzipCompressBound(length)];
        out.write(member, 0, compressor.gzipCompress(data, at, length, member, 0, member.length));
      }
    }
    return out.toByteArray();
  }
}
