package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Writes a tar to a file channel, with headers from {@link TarHeaders}. File contents that already
 * sit on disk are copied through one 1 MiB direct buffer, so a multi-gigabyte layer writes with a
 * small heap. {@code FileChannel.transferTo} (an in-kernel copy) was measured against this and was
 * no faster (docs/benchmarks.md, "Copying stored layers").
 */
final class TarWriter implements LayoutSink {
  private static final byte[] ZEROS = new byte[TarHeaders.BLOCK * 2];
  private static final int COPY_BUFFER = 1 << 20;
  private final FileChannel out;
  private @Nullable ByteBuffer copyBuffer;

  TarWriter(FileChannel out) {
    this.out = out;
  }

  @Override
  public void directory(String name) throws IOException {
    write(TarHeaders.header(name.endsWith("/") ? name : name + "/", TarHeaders.DIRECTORY, 0, ""));
  }

  @Override
  public void symlink(String name, String target) throws IOException {
    write(TarHeaders.header(name, TarHeaders.SYMLINK, 0, target));
  }

  @Override
  public void file(String name, byte[] content) throws IOException {
    write(TarHeaders.header(name, TarHeaders.REGULAR, content.length, ""));
    write(content);
    pad(content.length);
  }

  @Override
  public void file(String name, Path source, long size, Digest digest) throws IOException {
    write(TarHeaders.header(name, TarHeaders.REGULAR, size, ""));
    MessageDigest hash = digest.newHasher();
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      if (in.size() != size) {
        throw LayoutSink.changed(source, size, digest, in.size() + " bytes");
      }
      long copied = copy(in, hash);
      Digest actual = Digest.of(hash);
      if (copied != size || !actual.equals(digest)) {
        throw LayoutSink.changed(source, size, digest, copied + " bytes hashing to " + actual);
      }
    }
    pad(size);
  }

  /**
   * Copies through one direct buffer of 1 MiB: the JDK 17 stream copy moved 8 KiB per read and per
   * write, each through a heap array and a temporary direct buffer (issue 13).
   */
  private long copy(FileChannel in, MessageDigest hash) throws IOException {
    if (copyBuffer == null) {
      copyBuffer = ByteBuffer.allocateDirect(COPY_BUFFER);
    }
    ByteBuffer buffer = copyBuffer;
    long copied = 0;
    for (int n; (n = in.read(buffer.clear())) >= 0; ) {
      buffer.flip();
      hash.update(buffer);
      buffer.flip(); // back over the bytes just hashed
      write(buffer);
      copied += n;
    }
    return copied;
  }

  /** The two zero blocks that end a tar. */
  @Override
  public void finish() throws IOException {
    write(ZEROS);
  }

  private void pad(long size) throws IOException {
    int padding = TarHeaders.padding(size);
    if (padding > 0) {
      write(ByteBuffer.wrap(ZEROS, 0, padding));
    }
  }

  private void write(byte[] bytes) throws IOException {
    write(ByteBuffer.wrap(bytes));
  }

  private void write(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
