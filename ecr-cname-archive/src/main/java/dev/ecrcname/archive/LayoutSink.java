package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
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

  /**
   * Copies {@code source}, hashing it on the way: fails unless it is exactly {@code size} bytes
   * that hash to {@code digest}, so a file changed after it was verified (a blob swapped in the
   * cache) never ends in the output.
   */
  void file(String name, Path source, long size, Digest digest) throws IOException;

  /** The failure of a copy whose bytes were not {@code digest}'s {@code size} bytes. */
  static ArchiveException changed(Path source, long size, Digest digest, String actual) {
    return new ArchiveException(
        source
            + " no longer holds blob "
            + digest
            + " ("
            + size
            + " bytes) that was verified before: it now holds "
            + actual
            + "; it changed while the output was written, so nothing was written");
  }

  /** Ends the output; nothing is added after. */
  void finish() throws IOException;
}
