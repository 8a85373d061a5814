package dev.ecrcname.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Crafts tarballs entry by entry, including ones no well-behaved tool writes (names with {@code
 * ..}, absolute names, escaping links, sizes that lie), to feed the reader hostile and unusual
 * archives.
 */
final class RawTar {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  RawTar file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  RawTar file(String name, byte[] content) {
    bytes.writeBytes(TarHeaders.header(name, TarHeaders.REGULAR, content.length, ""));
    bytes.writeBytes(content);
    bytes.writeBytes(new byte[TarHeaders.padding(content.length)]);
    return this;
  }

  RawTar symlink(String name, String target) {
    bytes.writeBytes(TarHeaders.header(name, TarHeaders.SYMLINK, 0, target));
    return this;
  }

  RawTar hardlink(String name, String target) {
    bytes.writeBytes(TarHeaders.header(name, '1', 0, target));
    return this;
  }

  /** A PAX extended header with the given records, verbatim. */
  RawTar pax(String records) {
    return entry("PaxHeaders/x", 'x', records.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An entry of any type with its data: a GNU long name ('L'), a PAX global header ('g'), a FIFO
   * ('6').
   */
  RawTar entry(String name, char type, byte[] body) {
    bytes.writeBytes(TarHeaders.header(name, type, body.length, ""));
    bytes.writeBytes(body);
    bytes.writeBytes(new byte[TarHeaders.padding(body.length)]);
    return this;
  }

  /**
   * A file header whose 12-byte size field holds {@code sizeField} verbatim, with a valid checksum.
   */
  RawTar headerWithSizeField(String name, byte[] sizeField) {
    byte[] header = TarHeaders.header(name, TarHeaders.REGULAR, 0, "");
    System.arraycopy(sizeField, 0, header, 124, 12);
    Arrays.fill(header, 148, 156, (byte) ' ');
    TarUtils.formatCheckSumOctalBytes(TarUtils.computeCheckSum(header), header, 148, 8);
    bytes.writeBytes(header);
    return this;
  }

  /** Bytes as they are, e.g. {@code n} copies of one metadata header. */
  RawTar raw(byte[] raw) {
    bytes.writeBytes(raw);
    return this;
  }

  /** A header that declares {@code size} bytes, followed by none of them. */
  RawTar lyingHeader(String name, long size) {
    bytes.writeBytes(TarHeaders.header(name, TarHeaders.REGULAR, size, ""));
    return this;
  }

  /** The entries so far, without the two zero blocks that end a tar. */
  byte[] bytesWithoutEnd() {
    return bytes.toByteArray();
  }

  byte[] bytes() {
    ByteArrayOutputStream finished = new ByteArrayOutputStream();
    finished.writeBytes(bytes.toByteArray());
    finished.writeBytes(new byte[TarHeaders.BLOCK * 2]);
    return finished.toByteArray();
  }

  Path writeTo(Path file) {
    try {
      Files.write(file, bytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
