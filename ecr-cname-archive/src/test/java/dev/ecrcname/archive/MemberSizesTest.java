package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import dev.ecrcname.core.internal.deflate.Libdeflate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size hint of a layer of 1 MiB gzip members (ecr-cname's push) is the sum of its members, so
 * that a pull writes it straight into its slot of the tarball.
 */
class MemberSizesTest {
  private static final int BLOCK = 1 << 20;

  @TempDir Path dir;

  @BeforeEach
  void needsLibdeflate() {
    assumeThat(Libdeflate.available()).isTrue();
  }

  @Test
  void aLayerOfMembersIsHintedAtItsFullSizeNotItsLastMembers() throws IOException {
    byte[] data = bytes(3 * BLOCK + 12_345, 1);
    Path blob = Files.write(dir.resolve("blob"), members(data, BLOCK));

    assertThat(DirectLayers.sizeHint(blob)).hasValue(data.length);
  }

  @Test
  void theSumDoesNotDependOnHowTheFileIsReadInChunks() throws IOException {
    byte[] data = bytes(200_000, 2);
    byte[] gz = members(data, 10_000); // 20 members, headers at every kind of chunk offset
    Path blob = Files.write(dir.resolve("blob"), gz);
    try (FileChannel in = FileChannel.open(blob, StandardOpenOption.READ)) {
      for (int chunk : new int[] {1, 7, 10, 13, 14, 100, 4096, 1 << 20}) {
        assertThat(MemberSizes.of(in, gz.length, chunk)).as("chunk %d", chunk).hasValue(200_000);
      }
    }
  }

  @Test
  void aSingleMemberWithTheSameHeaderIsLeftToItsTrailer() throws IOException {
    byte[] data = bytes(500_000, 3);
    Path blob = Files.write(dir.resolve("blob"), members(data, BLOCK));

    try (FileChannel in = FileChannel.open(blob, StandardOpenOption.READ)) {
      assertThat(MemberSizes.of(in, Files.size(blob))).isEqualTo(OptionalLong.empty());
    }
    assertThat(DirectLayers.sizeHint(blob)).hasValue(data.length);
  }

  @Test
  void onlyTheHeaderOfLibdeflatesFastestLevelIsSearchedFor() {
    byte[] other = MemberSizes.HEADER.clone();
    other[9] = 3; // pigz -n: OS unix

    assertThat(MemberSizes.startsWithMember(MemberSizes.HEADER)).isTrue();
    assertThat(MemberSizes.startsWithMember(other)).isFalse();
  }

  private static byte[] members(byte[] data, int block) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LibdeflateCompressor compressor = Libdeflate.compressor(1)) {
      for (int at = 0; at < data.length; at += block) {
        int length = Math.min(block, data.length - at);
        byte[] member = new byte[compressor.gzipCompressBound(length)];
        out.write(member, 0, compressor.gzipCompress(data, at, length, member, 0, member.length));
      }
    }
    return out.toByteArray();
  }

  private static byte[] bytes(int size, long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i % 3 == 0 ? random.nextInt(256) : 'a' + random.nextInt(4));
    }
    return data;
  }
}
