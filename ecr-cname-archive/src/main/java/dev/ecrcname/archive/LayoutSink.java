package dev.ecrcname.archive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where {@link ArchiveWriter} puts its entries: a tar ({@link TarWriter}) or an OCI layout
 * directory ({@link LayoutDirectory}). Names are relative, with {@code /} separators.
 */
interface LayoutSink {
  void directory(String name) throws IOException;

  void symlink(String name, String target) throws IOException;

  void file(String name, byte[] content) throws IOException;

  /** Copies {@code size} bytes of {@code source}; fails if the file is not exactly that long. */
  void file(String name, Path source, long size) throws IOException;

  /** Ends the output; nothing is added after. */
  void finish() throws IOException;
}
