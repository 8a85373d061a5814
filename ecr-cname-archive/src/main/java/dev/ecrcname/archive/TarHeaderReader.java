package dev.ecrcname.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Walks a tar's headers (ustar, PAX extended headers, GNU long names, base-256 sizes: what Go's archive/tar, GNU tar
 * and Commons Compress write) without reading entry data. Sizes are checked against the file length before anything is
 * trusted, so a truncated tar or a gigantic declared size fails at the entry that lies.
 */
final class TarHeaderReader {
  private static final int BLOCK = TarHeaders.BLOCK;
  /** PAX records and GNU long names are metadata; a megabyte of them is already absurd. */
  private static final int MAX_METADATA = 1 << 20;

  private final FileChannel channel;
  private final String label;
  private final long length;
  private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
  private final Map<String, String> pax = new HashMap<>();

  TarHeaderReader(FileChannel channel, String label) throws IOException {
    this.channel = channel;
    this.label = label;
    this.length = channel.size();
  }

  Map<String, TarIndex.Entry> readAll() throws IOException {
    Map<String, TarIndex.Entry> entries = new HashMap<>();
    long position = 0;
    // A tar may end without its two zero blocks; Go's reader accepts that, and so do we.
    while (position < length) {
      if (length - position < BLOCK) {
        throw truncated(position);
      }
      byte[] header = readBlock(position);
      if (isZero(header)) {
        break;
      }
      checkChecksum(header, position);
      char type = (char) header[156];
      long data = position + BLOCK;
      long size = headerOnly(type) ? 0 : size(header, position);
      if (size > length - data) {
        throw new ArchiveException(
            label
                + ": the entry at offset "
                + position
                + " declares "
                + size
                + " bytes, but only "
                + (length - data)
                + " remain; the tar is truncated or corrupt");
      }
      if (!readMetadata(type, data, size)) {
        addEntry(entries, header, type, data, size);
      }
      position = data + size + TarHeaders.padding(size);
    }
    return entries;
  }

  /** Handles PAX and GNU long-name headers, which describe the next entry; returns whether this was one. */
  private boolean readMetadata(char type, long data, long size) throws IOException {
    switch (type) {
      case 'x' -> pax.putAll(parsePax(readData(data, size)));
      case 'L' -> pax.put("path", cString(readData(data, size)));
      case 'K' -> pax.put("linkpath", cString(readData(data, size)));
      case 'g' -> {
        // global headers carry nothing an image needs
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private void addEntry(
      Map<String, TarIndex.Entry> entries, byte[] header, char type, long data, long size) {
    String rawName = pax.containsKey("path") ? pax.get("path") : ustarName(header);
    String link = pax.containsKey("linkpath") ? pax.get("linkpath") : field(header, 157, 100);
    pax.clear();
    String name = TarIndex.clean(rawName, label);
    TarIndex.Kind kind = kind(type);
    if (kind == TarIndex.Kind.HARDLINK) {
      TarIndex.clean(link, label);
    }
    if (entries.size() >= TarIndex.MAX_ENTRIES && !entries.containsKey(name)) {
      throw new ArchiveException(label + " has more than " + TarIndex.MAX_ENTRIES + " entries; it is not an image");
    }
    if (!name.isEmpty()) {
      // Later entries replace earlier ones of the same name, as when a tar is extracted.
      entries.put(name, new TarIndex.Entry(name, kind, data, size, link));
    }
  }

  private static TarIndex.Kind kind(char type) {
    return switch (type) {
      case '0', '\0', '7' -> TarIndex.Kind.FILE;
      case '1' -> TarIndex.Kind.HARDLINK;
      case '2' -> TarIndex.Kind.SYMLINK;
      case '5' -> TarIndex.Kind.DIRECTORY;
      default -> TarIndex.Kind.OTHER;
    };
  }

  /** Types whose size field does not count data blocks, as Go's archive/tar treats them. */
  private static boolean headerOnly(char type) {
    return type == '1' || type == '2' || type == '3' || type == '4' || type == '5' || type == '6';
  }

  private long size(byte[] header, long position) {
    if (pax.containsKey("size")) {
      try {
        long size = Long.parseLong(pax.get("size"));
        if (size >= 0) {
          return size;
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new ArchiveException(label + ": bad PAX size at offset " + position + ": " + pax.get("size"));
    }
    return number(header, 124, 12, position);
  }

  /** Octal, or base-256 when the top bit of the first byte is set (GNU and Go, for values octal cannot hold). */
  private long number(byte[] header, int offset, int length, long position) {
    if ((header[offset] & 0x80) != 0) {
      if ((header[offset] & 0x40) != 0) {
        throw new ArchiveException(label + ": negative number in the header at offset " + position);
      }
      long value = header[offset] & 0x3f;
      for (int i = offset + 1; i < offset + length; i++) {
        if (value > (Long.MAX_VALUE >> 8)) {
          throw new ArchiveException(label + ": number too large in the header at offset " + position);
        }
        value = (value << 8) | (header[i] & 0xff);
      }
      return value;
    }
    String text = field(header, offset, length).trim();
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw new ArchiveException(label + ": not a tar archive (bad number in the header at offset " + position + ")");
    }
  }

  /** Accepts the unsigned sum, and the signed sum some old tars wrote. */
  private void checkChecksum(byte[] header, long position) {
    long expected = number(header, 148, 8, position);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (expected != unsigned && expected != signed) {
      throw new ArchiveException(
          label + ": not a tar archive, or corrupt (bad header checksum at offset " + position + ")");
    }
  }

  /** name, with ustar's prefix field in front when the magic says the prefix field is one (not GNU's). */
  private static String ustarName(byte[] header) {
    String name = field(header, 0, 100);
    String magic = new String(header, 257, 6, StandardCharsets.ISO_8859_1);
    String prefix = magic.equals("ustar\0") ? field(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private Map<String, String> parsePax(byte[] records) {
    Map<String, String> parsed = new HashMap<>();
    int position = 0;
    while (position < records.length) {
      int space = indexOf(records, (byte) ' ', position);
      int recordLength;
      try {
        String digits = space < 0 ? "" : new String(records, position, space - position, StandardCharsets.US_ASCII);
        recordLength = Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        recordLength = -1;
      }
      if (recordLength <= space - position
          || recordLength > records.length - position
          || records[position + recordLength - 1] != '\n') {
        throw new ArchiveException(label + ": malformed PAX extended header");
      }
      String record = new String(records, space + 1, position + recordLength - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals <= 0) {
        throw new ArchiveException(label + ": malformed PAX record: " + record);
      }
      parsed.put(record.substring(0, equals), record.substring(equals + 1));
      position += recordLength;
    }
    return parsed;
  }

  private static int indexOf(byte[] bytes, byte value, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private byte[] readData(long offset, long size) throws IOException {
    TarIndex.Entry metadata = new TarIndex.Entry("(tar metadata)", TarIndex.Kind.OTHER, offset, size, "");
    return TarIndex.readSmall(channel, metadata, MAX_METADATA, label);
  }

  private static String cString(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  private byte[] readBlock(long position) throws IOException {
    block.clear();
    while (block.hasRemaining()) {
      if (channel.read(block, position + block.position()) < 0) {
        throw truncated(position);
      }
    }
    return block.array().clone();
  }

  private static boolean isZero(byte[] header) {
    for (byte b : header) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private ArchiveException truncated(long position) {
    return new ArchiveException(label + " is truncated: it ends inside the tar header at offset " + position);
  }
}
