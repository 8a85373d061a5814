package dev.ecrcname.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A byte range of a file as a stream: how a stored tar entry is read without extracting it. Each
 * stream opens its own channel, because an interrupt closes a file channel for everyone using it
 * and uploads run concurrently.
 */
final class RegionInputStream extends ChunkInputStream {
  private final FileChannel channel;
  private final long end;
  private long position;

  private RegionInputStream(FileChannel channel, long offset, long size) {
    this.channel = channel;
    this.position = offset;
    this.end = offset + size;
  }

  static RegionInputStream open(Path file, long offset, long size) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    if (channel.size() < offset + size) {
      channel.close();
      throw new ArchiveException(
          file + " is shorter than when it was indexed; was it changed meanwhile?");
    }
    return new RegionInputStream(channel, offset, size);
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    int wanted = (int) Math.min(length, end - position);
    int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
    if (n < 0) {
      throw new ArchiveException("the archive ended early: it was truncated after it was indexed");
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  /** The bytes left: gzip readers use this to decide whether another member follows. */
  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - position);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
