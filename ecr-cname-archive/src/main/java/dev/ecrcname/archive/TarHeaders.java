package dev.ecrcname.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic ustar headers: mtime 0, uid/gid 0, no user or group names, so that the same image always gives the
 * same bytes. A PAX extended header is added only when ustar cannot hold a value (a path over 255 bytes or that does
 * not split at a slash, a link target over 100 bytes, a size of 8 GiB or more), as Go's archive/tar does.
 */
final class TarHeaders {
  static final int BLOCK = 512;
  static final char REGULAR = '0';
  static final char SYMLINK = '2';
  static final char DIRECTORY = '5';
  private static final char PAX = 'x';
  private static final long MAX_OCTAL_SIZE = 077777777777L;
  private static final int NAME_LENGTH = 100;
  private static final int PREFIX_LENGTH = 155;

  private TarHeaders() {}

  /** The header block(s) for one entry: a PAX header first when needed, then the ustar header. */
  static byte[] header(String name, char type, long size, String linkTarget) {
    Map<String, String> pax = new LinkedHashMap<>();
    String[] split = splitName(name);
    if (split == null) {
      pax.put("path", name);
      split = new String[] {"", truncate(name, NAME_LENGTH)};
    }
    if (utf8(linkTarget).length > NAME_LENGTH || !isAscii(linkTarget)) {
      pax.put("linkpath", linkTarget);
      linkTarget = truncate(linkTarget, NAME_LENGTH);
    }
    long headerSize = size;
    if (size > MAX_OCTAL_SIZE) {
      pax.put("size", Long.toString(size));
      headerSize = 0;
    }
    byte[] ustar = ustar(split[0], split[1], type, headerSize, linkTarget);
    if (pax.isEmpty()) {
      return ustar;
    }
    byte[] records = paxRecords(pax);
    String paxName = truncate("PaxHeaders.0/" + split[1], NAME_LENGTH);
    byte[] paxHeader = ustar("", paxName, PAX, records.length, "");
    ByteArrayOutputStream out = new ByteArrayOutputStream(BLOCK * 3 + records.length);
    out.writeBytes(paxHeader);
    out.writeBytes(records);
    out.writeBytes(new byte[padding(records.length)]);
    out.writeBytes(ustar);
    return out.toByteArray();
  }

  /** Zero bytes that pad {@code size} bytes of content to a whole block. */
  static int padding(long size) {
    return (int) ((BLOCK - size % BLOCK) % BLOCK);
  }

  /** Splits a name into ustar's prefix and name fields, or null when it needs a PAX path record. */
  static String @Nullable [] splitName(String name) {
    if (!isAscii(name)) {
      return null;
    }
    if (name.length() <= NAME_LENGTH) {
      return new String[] {"", name};
    }
    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
      if (slash <= PREFIX_LENGTH && name.length() - slash - 1 <= NAME_LENGTH && slash < name.length() - 1) {
        return new String[] {name.substring(0, slash), name.substring(slash + 1)};
      }
    }
    return null;
  }

  private static byte[] ustar(String prefix, String name, char type, long size, String linkTarget) {
    byte[] block = new byte[BLOCK];
    put(block, 0, NAME_LENGTH, name);
    octal(block, 100, 8, mode(type));
    octal(block, 108, 8, 0);
    octal(block, 116, 8, 0);
    octal(block, 124, 12, size);
    octal(block, 136, 12, 0);
    block[156] = (byte) type;
    put(block, 157, NAME_LENGTH, linkTarget);
    put(block, 257, 6, "ustar\0");
    put(block, 263, 2, "00");
    octal(block, 329, 8, 0);
    octal(block, 337, 8, 0);
    put(block, 345, PREFIX_LENGTH, prefix);
    // The checksum is computed with its own field read as eight spaces.
    for (int i = 148; i < 156; i++) {
      block[i] = ' ';
    }
    long sum = 0;
    for (byte b : block) {
      sum += b & 0xff;
    }
    String checksum = String.format("%06o", sum);
    put(block, 148, 6, checksum);
    block[154] = 0;
    block[155] = ' ';
    return block;
  }

  private static long mode(char type) {
    return switch (type) {
      case DIRECTORY -> 0755;
      case SYMLINK -> 0777;
      default -> 0644;
    };
  }

  /** Zero-padded octal, NUL-terminated, as Go and GNU tar write it. */
  private static void octal(byte[] block, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - digits.length()) + digits;
    put(block, offset, length - 1, padded);
  }

  private static void put(byte[] block, int offset, int length, String value) {
    byte[] bytes = utf8(value);
    System.arraycopy(bytes, 0, block, offset, Math.min(length, bytes.length));
  }

  /** PAX records: {@code "<len> key=value\n"}, where len counts the whole record including its own digits. */
  static byte[] paxRecords(Map<String, String> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> record : records.entrySet()) {
      int body = utf8(" " + record.getKey() + "=" + record.getValue() + "\n").length;
      int length = body + Integer.toString(body).length();
      if (Integer.toString(length).length() != Integer.toString(body).length()) {
        length++;
      }
      out.writeBytes(utf8(length + " " + record.getKey() + "=" + record.getValue() + "\n"));
    }
    return out.toByteArray();
  }

  private static String truncate(String value, int maxBytes) {
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (ascii.length() == maxBytes) {
        break;
      }
      ascii.append(c < 0x80 ? c : '_');
    }
    return ascii.toString();
  }

  private static boolean isAscii(String value) {
    return value.chars().allMatch(c -> c < 0x80);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
