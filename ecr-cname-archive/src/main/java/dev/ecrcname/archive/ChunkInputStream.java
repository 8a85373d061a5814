package dev.ecrcname.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream whose work is in its array {@code read}: the one-byte {@code read} is a read of one byte
 * through it, so that each subclass checks and counts bytes in one place only.
 */
abstract class ChunkInputStream extends InputStream {

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] buffer, int offset, int length) throws IOException;
}
