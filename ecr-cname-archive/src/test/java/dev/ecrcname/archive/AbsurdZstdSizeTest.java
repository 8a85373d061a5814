package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.luben.zstd.Zstd;
import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.PulledImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pulled zstd layer whose frame header claims an absurd content size: the size is only a
 * placement hint, so the write neither lays the archive out for it nor allocates it, and the lie
 * surfaces as a layer that does not decompress.
 */
class AbsurdZstdSizeTest {
  private static final long TWO_TO_THE_SIXTY = 1L << 60;

  @TempDir Path blobs;
  @TempDir Path out;

  @Test
  void aZstdLayerClaimingTwoToTheSixtyBytesFailsAsCorruptWithoutReservingThemOrLeavingAFile()
      throws IOException {
    List<byte[]> tars = TestImages.standardLayers();
    PulledImage image =
        TestImages.image(
            blobs,
            "1.0",
            tars,
            Codec.ZSTD.mediaType,
            tar -> tar == tars.get(0) ? zstdFrame(tar, TWO_TO_THE_SIXTY) : Codec.ZSTD.compress(tar),
            TestImages.config(TestImages.diffIds(tars)));
    byte[] honest = zstdFrame(tars.get(0), tars.get(0).length);
    assertThat(Zstd.decompress(honest, tars.get(0).length))
        .as("the same frame with the true size is valid zstd")
        .isEqualTo(tars.get(0));
    Path blob = image.layers().get(0).blob();
    assertThat(DirectLayers.sizeHint(blob))
        .as("the frame header really claims 2^60 bytes")
        .hasValue(TWO_TO_THE_SIXTY);
    Path target = out.resolve("image.tar");

    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(() -> DockerArchive.write(image, target))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("layer 0 of")
                .hasMessageContaining("does not decompress as ZSTD")
                // A write error would mean the archive was laid out (or grown) for the claim.
                .hasMessageNotContaining("could not write"));
    try (Stream<Path> left = Files.list(out)) {
      assertThat(left).as("no archive and no temp directory").isEmpty();
    }
  }

  /**
   * One zstd frame (RFC 8878 §3.1.1) holding {@code content} in raw blocks, whose header claims
   * {@code contentSize} bytes: a 128 KiB window (no single-segment flag, so the window does not
   * follow the claim), an 8-byte Frame_Content_Size, no checksum, no dictionary.
   */
  static byte[] zstdFrame(byte[] content, long contentSize) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    littleEndian(frame, 0xFD2FB528L, 4); // Magic_Number
    frame.write(0b1100_0000); // Frame_Header_Descriptor: FCS_Field_Size 8 bytes, multi-segment
    frame.write((17 - 10) << 3); // Window_Descriptor: 2^17 bytes
    littleEndian(frame, contentSize, 8); // Frame_Content_Size
    int maxBlock = 128 * 1024;
    int at = 0;
    do {
      int size = Math.min(maxBlock, content.length - at);
      boolean last = at + size == content.length;
      // Block_Header: Last_Block, Block_Type 0 (Raw_Block), Block_Size.
      littleEndian(frame, (last ? 1 : 0) | (size << 3), 3);
      frame.write(content, at, size);
      at += size;
    } while (at < content.length);
    return frame.toByteArray();
  }

  private static void littleEndian(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }
}
