package dev.ecrcname.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * Deterministic tar headers, formatted by Commons Compress ({@link
 * TarArchiveEntry#writeEntryHeader}): mtime 0, uid/gid 0, no user or group names, so that the same
 * image always gives the same bytes. A PAX extended header goes first only when ustar cannot hold a
 * value (a path or link target over 100 bytes or not ASCII, a size of 8 GiB or more), as Go's
 * archive/tar does. Our own entry names are all short, fixed-form paths; only the size case occurs.
 */
final class TarHeaders {
  static final int BLOCK = TarConstants.DEFAULT_RCDSIZE;
  static final char REGULAR = (char) TarConstants.LF_NORMAL;
  static final char SYMLINK = (char) TarConstants.LF_SYMLINK;
  static final char DIRECTORY = (char) TarConstants.LF_DIR;
  private static final char PAX = (char) TarConstants.LF_PAX_EXTENDED_HEADER_LC;
  private static final long MAX_OCTAL_SIZE = TarConstants.MAXSIZE;
  private static final int NAME_LENGTH = TarConstants.NAMELEN;
  private static final ZipEncoding UTF_8 = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8);

  /**
   * Where the numeric fields end: mode, uid, gid, size, mtime, devmajor, devminor. Commons Compress
   * ends them with a space, Go's archive/tar (so docker save) and every archive we wrote before
   * with a NUL; we keep the NUL so that the bytes stay the same (ArchiveGoldenDigestTest).
   */
  private static final int[] NUMBER_ENDS = {107, 115, 123, 135, 147, 336, 344};

  private static final int CHECKSUM_OFFSET = 148;

  private TarHeaders() {}

  /** The header block(s) for one entry: a PAX header first when needed, then the ustar header. */
  static byte[] header(String name, char type, long size, String linkTarget) {
    Map<String, String> pax = new LinkedHashMap<>();
    if (!fitsUstar(name)) {
      pax.put("path", name);
    }
    if (!fitsUstar(linkTarget)) {
      pax.put("linkpath", linkTarget);
    }
    if (size > MAX_OCTAL_SIZE) {
      pax.put("size", Long.toString(size));
    }
    String ustarName = ustarField(name);
    byte[] ustar =
        block(ustarName, type, pax.containsKey("size") ? 0 : size, ustarField(linkTarget));
    if (pax.isEmpty()) {
      return ustar;
    }
    byte[] records = paxRecords(pax);
    byte[] paxHeader = block(ustarField("PaxHeaders.0/" + ustarName), PAX, records.length, "");
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

  private static byte[] block(String name, char type, long size, String linkTarget) {
    TarArchiveEntry entry = new TarArchiveEntry(name, (byte) type, true);
    entry.setMode(mode(type));
    entry.setModTime(0);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setSize(size);
    entry.setLinkName(linkTarget);
    byte[] block = new byte[BLOCK];
    try {
      entry.writeEntryHeader(block, UTF_8, false);
    } catch (IOException e) {
      // Only an encoding failure throws here, and every string encodes as UTF-8.
      throw new UncheckedIOException("cannot format the tar header of " + name, e);
    }
    for (int end : NUMBER_ENDS) {
      block[end] = 0;
    }
    // The checksum is computed with its own field read as eight spaces.
    Arrays.fill(block, CHECKSUM_OFFSET, CHECKSUM_OFFSET + 8, (byte) ' ');
    TarUtils.formatCheckSumOctalBytes(TarUtils.computeCheckSum(block), block, CHECKSUM_OFFSET, 8);
    return block;
  }

  private static int mode(char type) {
    return switch (type) {
      case DIRECTORY -> 0755;
      case SYMLINK -> 0777;
      default -> 0644;
    };
  }

  private static boolean fitsUstar(String value) {
    return value.length() <= NAME_LENGTH && value.chars().allMatch(c -> c < 0x80);
  }

  /**
   * What the ustar field holds when a PAX record carries the real value: ASCII, cut to the field.
   */
  private static String ustarField(String value) {
    String ascii = value.replaceAll("[^\\x00-\\x7f]", "_");
    return ascii.substring(0, Math.min(ascii.length(), NAME_LENGTH));
  }

  /**
   * PAX records, {@code "<len> key=value\n"}, where len counts the whole record including its own
   * digits. Commons Compress only writes these inside {@code TarArchiveOutputStream}, which cannot
   * leave room for a {@code transferTo}.
   */
  static byte[] paxRecords(Map<String, String> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> record : records.entrySet()) {
      String body = " " + record.getKey() + "=" + record.getValue() + "\n";
      int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
      int length = bodyLength + Integer.toString(bodyLength).length();
      if (Integer.toString(length).length() != Integer.toString(bodyLength).length()) {
        length++;
      }
      out.writeBytes((length + body).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** Whether a block is all zeros: the end of a tar. */
  static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
