package dev.ecrcname.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * An index of a tar file built in one pass over its headers: entry name to data offset and size.
 * Nothing is extracted; readers serve entries as regions of the tar file. Every name and link
 * target is checked as it is met, so that a hostile archive fails here with a clear message instead
 * of reaching outside the archive later.
 */
final class TarIndex {
  /**
   * A docker save tarball has a handful of entries per layer; far more means something hostile or
   * unrelated.
   */
  static final int MAX_ENTRIES = 100_000;

  private static final int MAX_LINK_HOPS = 40;
  private static final int MAX_PATH = 4096;

  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    OTHER
  }

  /** One entry; {@code link} is the target of a symlink or hard link, else empty. */
  record Entry(String name, Kind kind, long offset, long size, String link) {}

  private final String label;
  private final Map<String, Entry> entries;

  private TarIndex(String label, Map<String, Entry> entries) {
    this.label = label;
    this.entries = entries;
  }

  static TarIndex read(FileChannel channel, String label) throws IOException {
    Map<String, Entry> entries = new TarHeaderReader(channel, label).readAll();
    if (entries.isEmpty()) {
      throw new ArchiveException(
          label + " holds no tar entries: it is empty, or not a tar archive");
    }
    return new TarIndex(label, entries);
  }

  boolean contains(String name) {
    return entries.containsKey(clean(name, label));
  }

  /**
   * The regular file {@code name} denotes, following symlinks and hard links inside the archive
   * only. Fails when the name is missing, escapes the archive, loops or is not a file.
   */
  Entry file(String name) {
    String path = clean(name, label);
    for (int hops = 0; hops <= MAX_LINK_HOPS; hops++) {
      Entry entry = entries.get(resolve(path));
      if (entry == null) {
        throw new ArchiveException(label + " has no file '" + name + "', which its manifest names");
      }
      switch (entry.kind()) {
        case FILE -> {
          return entry;
        }
        case HARDLINK -> path = clean(entry.link(), label);
        default -> throw new ArchiveException(label + ": '" + name + "' is not a regular file");
      }
    }
    throw new ArchiveException(label + ": '" + name + "' is a link loop");
  }

  /**
   * Resolves symlinks in every component of {@code path}, refusing any that leads outside the
   * archive. The path is built in place, so each step costs its own length, not the path's (issue
   * 12, defect 7).
   */
  private String resolve(String path) {
    Deque<String> pending = new ArrayDeque<>(Arrays.asList(path.split("/")));
    StringBuilder done = new StringBuilder();
    Deque<Integer> parents = new ArrayDeque<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parents.isEmpty()) {
          throw new ArchiveException(
              label + ": a symlink on the way to '" + path + "' points outside the archive");
        }
        done.setLength(parents.pop());
        continue;
      }
      parents.push(done.length());
      done.append(done.length() == 0 ? "" : "/").append(part);
      requireShortPath(done, label);
      Entry entry = entries.get(done.toString());
      if (entry != null && entry.kind() == Kind.SYMLINK) {
        if (++hops > MAX_LINK_HOPS) {
          throw new ArchiveException(label + ": '" + path + "' goes through a symlink loop");
        }
        if (entry.link().startsWith("/")) {
          throw new ArchiveException(
              label
                  + ": symlink '"
                  + entry.name()
                  + "' points outside the archive ("
                  + entry.link()
                  + ")");
        }
        requireShortPath(entry.link(), label);
        done.setLength(parents.pop());
        List<String> target = Arrays.asList(entry.link().split("/"));
        for (int i = target.size() - 1; i >= 0; i--) {
          pending.addFirst(target.get(i));
        }
      }
    }
    return done.toString();
  }

  /**
   * docker load extracts the tarball to disk first, where no path or link target is longer than
   * PATH_MAX; refusing longer ones up front also bounds every path walk here.
   */
  static void requireShortPath(CharSequence path, String label) {
    if (path.length() > MAX_PATH) {
      throw new ArchiveException(
          label
              + " names a path of "
              + path.length()
              + " characters, over the "
              + MAX_PATH
              + " that docker load can extract (PATH_MAX)");
    }
  }

  /**
   * An archive path in canonical form: no leading {@code ./}, no empty or {@code .} components, no
   * trailing slash. Absolute paths and {@code ..} are refused: no legitimate image archive has
   * them, and an extracting consumer would write outside its directory.
   */
  static String clean(String name, String label) {
    requireShortPath(name, label);
    if (name.startsWith("/") || name.indexOf('\0') >= 0) {
      throw new ArchiveException(label + " contains an unsafe absolute path: " + name);
    }
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/", -1)) {
      if (part.equals("..")) {
        throw new ArchiveException(label + " contains an unsafe path with '..': " + name);
      }
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  /**
   * Reads a small entry fully; {@code limit} guards against archives declaring gigantic metadata
   * files.
   */
  static byte[] readSmall(FileChannel channel, Entry entry, int limit, String label)
      throws IOException {
    if (entry.size() > limit) {
      throw new ArchiveException(
          label
              + ": '"
              + entry.name()
              + "' declares "
              + entry.size()
              + " bytes, over the "
              + limit
              + " byte limit");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) entry.size());
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, entry.offset() + buffer.position()) < 0) {
        throw new ArchiveException(label + " is truncated inside '" + entry.name() + "'");
      }
    }
    return buffer.array();
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
