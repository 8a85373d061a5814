package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our headers, read back by Commons Compress: PAX appears only where ustar cannot say it. */
class TarHeadersTest {

  private static TarArchiveEntry parse(byte[] header) throws IOException {
    byte[] withEnd = new byte[header.length + TarHeaders.BLOCK * 2];
    System.arraycopy(header, 0, withEnd, 0, header.length);
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(withEnd))) {
      return in.getNextEntry();
    }
  }

  @Test
  void shortNamesGetOneUstarBlockAndNoPax() throws IOException {
    byte[] header = TarHeaders.header("blobs/sha256/" + "a".repeat(64), TarHeaders.REGULAR, 0, "");
    assertThat(header).hasSize(TarHeaders.BLOCK);
    TarArchiveEntry entry = parse(header);
    assertThat(entry.getName()).isEqualTo("blobs/sha256/" + "a".repeat(64));
    assertThat(entry.getModTime().getTime()).isZero();
    assertThat(entry.getMode()).isEqualTo(0644);
  }

  @Test
  void namesOver100BytesGetAPaxPathRecordEvenWhenAUstarPrefixCouldHoldThem() throws IOException {
    // Our own names are never this long; the ustar prefix field is left unused, as Commons Compress
    // leaves it.
    String name = "p".repeat(150) + "/" + "n".repeat(99);
    byte[] header = TarHeaders.header(name, TarHeaders.REGULAR, 0, "");
    assertThat(header.length).isGreaterThan(TarHeaders.BLOCK);
    assertThat(parse(header).getName()).isEqualTo(name);
  }

  @Test
  void numericFieldsEndWithNulAsGoWritesThem() {
    byte[] header = TarHeaders.header("f", TarHeaders.REGULAR, 5, "");
    assertThat(new String(header, 100, 8)).isEqualTo("0000644\0");
    assertThat(new String(header, 124, 12)).isEqualTo("00000000005\0");
  }

  @Test
  void longerNamesGetAPaxPathRecord() throws IOException {
    String name = "d/".repeat(200) + "file";
    byte[] header = TarHeaders.header(name, TarHeaders.REGULAR, 0, "");
    assertThat(header.length).isGreaterThan(TarHeaders.BLOCK);
    assertThat(parse(header).getName()).isEqualTo(name);
  }

  @Test
  void sizesOf8GibAndMoreGetAPaxSizeRecord() throws IOException {
    long size = 9L << 30;
    TarArchiveEntry entry = parse(TarHeaders.header("big", TarHeaders.REGULAR, size, ""));
    assertThat(entry.getSize()).isEqualTo(size);
  }

  /**
   * Read back by our own index from a sparse file: the PAX size record places the next entry past 9
   * GiB of data.
   */
  @Test
  void anEntryOver8GibIsIndexedByItsPaxSize(@TempDir Path dir) throws IOException {
    long size = 9L << 30;
    byte[] next = "{}".getBytes(StandardCharsets.UTF_8);
    Path tar = dir.resolve("big.tar");
    try (FileChannel out =
        FileChannel.open(tar, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(TarHeaders.header("big", TarHeaders.REGULAR, size, "")));
      long after = out.position() + size + TarHeaders.padding(size);
      out.write(
          ByteBuffer.wrap(TarHeaders.header("next.json", TarHeaders.REGULAR, next.length, "")),
          after);
      out.write(
          ByteBuffer.wrap(Arrays.copyOf(next, TarHeaders.BLOCK * 3)), after + TarHeaders.BLOCK);
    }
    try (FileChannel in = FileChannel.open(tar, StandardOpenOption.READ)) {
      TarIndex index = TarIndex.read(in, "big.tar");
      assertThat(index.file("big").size()).isEqualTo(size);
      assertThat(TarIndex.readSmall(in, index.file("next.json"), 10, "big.tar")).isEqualTo(next);
    }
  }

  @Test
  void symlinkTargetsAreKept() throws IOException {
    TarArchiveEntry entry =
        parse(TarHeaders.header("x/layer.tar", TarHeaders.SYMLINK, 0, "../blobs/sha256/ab"));
    assertThat(entry.isSymbolicLink()).isTrue();
    assertThat(entry.getLinkName()).isEqualTo("../blobs/sha256/ab");
  }

  @Test
  void paxRecordLengthCountsItsOwnDigits() {
    // " a=bc\n" is 6 bytes, so the record is 7 long. " k=<94 v>\n" is 98: 98 + 2 digits = 100 needs
    // a third
    // digit, so the record is 101 long.
    assertThat(new String(TarHeaders.paxRecords(Map.of("a", "bc")))).isEqualTo("7 a=bc\n");
    String value = "v".repeat(94);
    assertThat(new String(TarHeaders.paxRecords(Map.of("k", value)))).startsWith("101 k=");
    assertThat(TarHeaders.paxRecords(Map.of("k", value))).hasSize(101);
  }
}
