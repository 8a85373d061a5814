package dev.ecrcname.archive;

import com.google.gson.JsonElement;
import java.io.IOException;

/**
 * The files of a tarball being read, by path, as the layout readers ({@link OciLayout}) need them;
 * {@link ArchiveReader} provides them.
 */
interface TarFiles {
  /** Names the tarball in messages. */
  String label();

  /** Whether the tarball has a regular file at {@code path}. */
  boolean holds(String path);

  /** The small file at {@code path}, parsed as JSON. */
  JsonElement json(String path) throws IOException;

  /** The small file at {@code path}. */
  byte[] bytes(String path) throws IOException;
}
