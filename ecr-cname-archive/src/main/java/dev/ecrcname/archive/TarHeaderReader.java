package dev.ecrcname.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * Walks a tar's headers without reading entry data; Commons Compress parses each header (ustar,
 * GNU, base-256 numbers, PAX records, GNU long names). Only the walk is ours, for two reasons
 * measured on Commons Compress 1.28: {@code TarArchiveInputStream} reads every data byte to get
 * past it (a 10 GB layer would be read just to index), and both it and {@code TarFile} recurse once
 * per metadata header, so 10^5 consecutive long-name headers overflow the stack, and they read
 * every header before a caller can apply a limit. Here a run of metadata headers (PAX, GNU long
 * name or link) is capped in count and bytes, and sizes are checked against the file length before
 * anything is trusted, so a truncated tar or a gigantic declared size fails at the entry that lies.
 */
final class TarHeaderReader {
  private static final int BLOCK = TarHeaders.BLOCK;

  /** PAX records and GNU long names are metadata; a megabyte of them is already absurd. */
  private static final int MAX_METADATA = 1 << 20;

  /** A real entry has at most a PAX header, a long name and a long link name in front of it. */
  private static final int MAX_METADATA_HEADERS = 16;

  private static final ZipEncoding UTF_8 = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8);

  private final FileChannel channel;
  private final String label;
  private final long length;

  TarHeaderReader(FileChannel channel, String label) throws IOException {
    this.channel = channel;
    this.label = label;
    this.length = channel.size();
  }

  Map<String, TarIndex.Entry> readAll() throws IOException {
    Map<String, TarIndex.Entry> entries = new HashMap<>();
    ByteArrayOutputStream metadata = new ByteArrayOutputStream();
    int metadataHeaders = 0;
    long position = 0;
    // A tar may end without its two zero blocks; Go's reader accepts that, and so do we.
    while (position < length) {
      byte[] header = readBlock(position);
      if (TarHeaders.isZero(header)) {
        break;
      }
      TarArchiveEntry raw = parse(header, position);
      long data = position + BLOCK;
      long size;
      if (isMetadata(raw)) {
        size = raw.getSize();
        requireWithinFile(position, data, size);
        if (++metadataHeaders > MAX_METADATA_HEADERS
            || metadata.size() + BLOCK + size > MAX_METADATA) {
          throw new ArchiveException(
              label
                  + ": over "
                  + MAX_METADATA_HEADERS
                  + " tar metadata headers (PAX, GNU long"
                  + " names) or "
                  + MAX_METADATA
                  + " bytes of them in a row at offset "
                  + position
                  + "; no real entry has that many, the tar is corrupt or hostile");
        }
        metadata.writeBytes(header);
        metadata.writeBytes(read(data, (int) (size + TarHeaders.padding(size))));
      } else {
        TarArchiveEntry entry =
            metadataHeaders == 0 ? raw : withMetadata(metadata, header, position);
        size = dataSize(entry);
        requireWithinFile(position, data, size);
        addEntry(entries, entry, data, size);
        metadata.reset();
        metadataHeaders = 0;
      }
      position = data + size + TarHeaders.padding(size);
    }
    return entries;
  }

  /** One header block, parsed on its own by Commons Compress after its checksum is checked. */
  private TarArchiveEntry parse(byte[] header, long position) {
    try {
      if (!TarUtils.verifyCheckSum(header)) {
        throw new ArchiveException(
            label
                + ": not a tar archive, or corrupt (bad header checksum at offset "
                + position
                + ")");
      }
      return new TarArchiveEntry(header, UTF_8, false);
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(position, e);
    }
  }

  /**
   * The entry whose header follows a run of metadata headers, as Commons Compress reads it with
   * that metadata applied: the run and the header are replayed to a {@link TarArchiveInputStream}
   * from memory (at most {@link #MAX_METADATA} bytes), which stops at the header without needing
   * its data.
   */
  private TarArchiveEntry withMetadata(
      ByteArrayOutputStream metadata, byte[] header, long position) {
    metadata.writeBytes(header);
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(metadata.toByteArray()))) {
      TarArchiveEntry entry = in.getNextEntry();
      if (entry == null) {
        throw new ArchiveException(
            label + ": tar metadata at offset " + position + " describes no entry");
      }
      return entry;
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(position, e);
    }
  }

  /**
   * GNU long names, long link names and PAX headers describe the next entry. A PAX global header
   * ('g') is not one of them: Go's archive/tar, so docker load, returns it as an entry of its own
   * and applies it to nothing.
   */
  private static boolean isMetadata(TarArchiveEntry entry) {
    return entry.isPaxHeader() || entry.isGNULongNameEntry() || entry.isGNULongLinkEntry();
  }

  private void addEntry(
      Map<String, TarIndex.Entry> entries, TarArchiveEntry entry, long data, long size) {
    String name = TarIndex.clean(entry.getName(), label);
    TarIndex.Kind kind = kind(entry.getLinkFlag());
    String link = entry.getLinkName();
    if (kind == TarIndex.Kind.HARDLINK) {
      TarIndex.clean(link, label);
    }
    if (entries.size() >= TarIndex.MAX_ENTRIES && !entries.containsKey(name)) {
      throw new ArchiveException(
          label + " has more than " + TarIndex.MAX_ENTRIES + " entries; it is not an image");
    }
    if (!name.isEmpty()) {
      // Later entries replace earlier ones of the same name, as when docker load extracts the tar.
      entries.put(name, new TarIndex.Entry(name, kind, data, size, link));
    }
  }

  private static TarIndex.Kind kind(byte type) {
    return switch (type) {
      case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM, TarConstants.LF_CONTIG ->
          TarIndex.Kind.FILE;
      case TarConstants.LF_LINK -> TarIndex.Kind.HARDLINK;
      case TarConstants.LF_SYMLINK -> TarIndex.Kind.SYMLINK;
      case TarConstants.LF_DIR -> TarIndex.Kind.DIRECTORY;
      default -> TarIndex.Kind.OTHER;
    };
  }

  /**
   * Links, devices, directories and FIFOs carry no data whatever their size field says, as Go's
   * reader has it.
   */
  private static long dataSize(TarArchiveEntry entry) {
    return switch (entry.getLinkFlag()) {
      case TarConstants.LF_LINK,
          TarConstants.LF_SYMLINK,
          TarConstants.LF_CHR,
          TarConstants.LF_BLK,
          TarConstants.LF_DIR,
          TarConstants.LF_FIFO ->
          0;
      default -> entry.getSize();
    };
  }

  private void requireWithinFile(long position, long data, long size) {
    if (size < 0 || size > length - data) {
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
  }

  private ArchiveException corrupt(long position, Exception e) {
    String why =
        e.getCause() != null ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage();
    return new ArchiveException(
        label
            + ": not a tar archive, or corrupt (bad header at offset "
            + position
            + ": "
            + why
            + ")",
        e);
  }

  private byte[] readBlock(long position) throws IOException {
    if (length - position < BLOCK) {
      throw new ArchiveException(
          label + " is truncated: it ends inside the tar header at offset " + position);
    }
    return read(position, BLOCK);
  }

  private byte[] read(long position, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new ArchiveException(
            label + " is truncated at offset " + (position + buffer.position()));
      }
    }
    return buffer.array();
  }
}
