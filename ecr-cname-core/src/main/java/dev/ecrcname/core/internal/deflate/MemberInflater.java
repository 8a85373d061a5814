package dev.ecrcname.core.internal.deflate;

import com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor;
import com.fulcrumgenomics.jlibdeflate.LibdeflateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * gzip read member by member through libdeflate, which decodes whole buffers only: a member goes to
 * libdeflate when it fits in {@link #INPUT} compressed and {@link #OUTPUT} decompressed bytes, and
 * libdeflate reports how much input the member took, which is where the next member starts (a
 * member's header does not say how long it is). libdeflate checks each member's CRC-32 and length.
 *
 * <p>The first member that is not decoded so (too big, a header CRC libdeflate would skip, bad or
 * cut-short data, bytes after the last member) and everything after it go to the JDK's {@link
 * GZIPInputStream}, preceded by an empty member when members came before, so that it continues
 * exactly as it would have after reading them itself: its bytes, its end of stream, its exception.
 * Only a stream that starts with libdeflate's member header gets here ({@link GzipInflation}):
 * other tools' single-member layers go to the JDK from their first byte.
 *
 * <p>Memory: two direct buffers of about 2.6 MiB together, dropped when the JDK takes over or the
 * stream closes, and given back to the system at the next collection.
 */
final class MemberInflater extends InputStream {
  /** The largest member output: ecr-cname's gzip blocks are 1 MiB (ParallelGzip). */
  static final int OUTPUT = (1 << 20) + (64 << 10);

  /** The input held: a whole 1 MiB block stored uncompressed fits, with room to read ahead. */
  static final int INPUT = OUTPUT + (512 << 10);

  /** Below this much buffered input a member may not be whole: top up first. */
  private static final int REFILL = OUTPUT + (4 << 10);

  /**
   * An empty gzip member (RFC 1952: header, one empty final fixed-Huffman block, CRC 0, length 0).
   */
  private static final byte[] EMPTY_MEMBER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  private static final int FLAG_HEADER_CRC = 2;

  private final InputStream raw;
  private final int jdkBuffer;
  private final byte[] stage = new byte[1 << 16];
  private @Nullable LibdeflateDecompressor decompressor;
  private @Nullable ByteBuffer in;
  private @Nullable ByteBuffer out;
  private @Nullable InputStream jdk;
  private boolean rawEnded;
  private boolean ended;
  private long members;

  /**
   * Reads and decodes the first member, so that input that is not gzip fails here, as the JDK's
   * constructor fails.
   */
  MemberInflater(InputStream raw, int jdkBuffer) throws IOException {
    this.raw = raw;
    this.jdkBuffer = jdkBuffer;
    this.decompressor = Libdeflate.decompressor();
    this.in = ByteBuffer.allocateDirect(INPUT).limit(0);
    this.out = ByteBuffer.allocateDirect(OUTPUT).limit(0);
    try {
      advance();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Members decoded by libdeflate so far. */
  long members() {
    return members;
  }

  /** Whether the JDK's reader has taken over. */
  boolean handedToJdk() {
    return jdk != null;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    while (true) {
      InputStream rest = jdk;
      if (rest != null) {
        return rest.read(bytes, offset, length);
      }
      ByteBuffer pending = Objects.requireNonNull(out, "closed");
      if (pending.hasRemaining()) {
        int n = Math.min(length, pending.remaining());
        pending.get(bytes, offset, n);
        return n;
      }
      if (ended) {
        return -1;
      }
      advance();
    }
  }

  /**
   * Decodes the next member into {@link #out}, or ends the stream after the last one, or hands the
   * rest to the JDK.
   */
  private void advance() throws IOException {
    ByteBuffer input = Objects.requireNonNull(in, "closed");
    if (input.remaining() < REFILL) {
      fill(input);
    }
    if (!input.hasRemaining() && members > 0) {
      ended = true; // the JDK ends there too: nothing after the last member's trailer
      return;
    }
    if (!decodeMember(input)) {
      handToJdk(input);
    }
  }

  /** Tops the buffer up from {@link #raw} until it is full or the raw bytes end. */
  private void fill(ByteBuffer input) throws IOException {
    input.compact();
    while (input.hasRemaining() && !rawEnded) {
      int n = raw.read(stage, 0, Math.min(stage.length, input.remaining()));
      if (n < 0) {
        rawEnded = true;
      } else {
        input.put(stage, 0, n);
      }
    }
    input.flip();
  }

  /**
   * One whole member through libdeflate; false, with nothing consumed, when libdeflate did not
   * decode one.
   */
  private boolean decodeMember(ByteBuffer input) {
    ByteBuffer output = Objects.requireNonNull(out);
    LibdeflateDecompressor d = Objects.requireNonNull(decompressor);
    // The JDK checks a header CRC, which libdeflate skips; such headers are rare, and the JDK's.
    if (input.remaining() < EMPTY_MEMBER.length
        || (input.get(input.position() + 3) & FLAG_HEADER_CRC) != 0) {
      return false;
    }
    int start = input.position();
    output.clear();
    try {
      d.gzipDecompressEx(input, output);
    } catch (LibdeflateException e) {
      // Too big for the buffers, cut short, or bad: the JDK reads it and says which.
      input.position(start);
      output.limit(0);
      return false;
    }
    output.flip();
    members++;
    return true;
  }

  /** The JDK reads from the member at the buffer's position on, continuing the stream. */
  private void handToJdk(ByteBuffer input) throws IOException {
    int carried = members > 0 ? EMPTY_MEMBER.length : 0;
    byte[] prefix = new byte[carried + input.remaining()];
    System.arraycopy(EMPTY_MEMBER, 0, prefix, 0, carried);
    input.get(prefix, carried, input.remaining());
    release();
    jdk = new GZIPInputStream(new Prefixed(prefix, raw), jdkBuffer);
  }

  /** Frees the native decompressor; the direct buffers go with this object. */
  private void release() {
    LibdeflateDecompressor d = decompressor;
    decompressor = null;
    if (d != null) {
      d.close();
    }
    in = null;
    out = ByteBuffer.allocate(0);
  }

  @Override
  public void close() throws IOException {
    release();
    InputStream rest = jdk;
    if (rest != null) {
      rest.close();
    } else {
      raw.close();
    }
  }

  /**
   * Some bytes already read, then the rest of the raw stream; {@code available()} counts both, as
   * the JDK's reader needs to see that another member follows.
   */
  private static final class Prefixed extends InputStream {
    private final byte[] prefix;
    private final InputStream raw;
    private int next;

    Prefixed(byte[] prefix, InputStream raw) {
      this.prefix = prefix;
      this.raw = raw;
    }

    @Override
    public int read() throws IOException {
      return next < prefix.length ? prefix[next++] & 0xff : raw.read();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      if (length == 0) {
        return 0;
      }
      if (next < prefix.length) {
        int n = Math.min(length, prefix.length - next);
        System.arraycopy(prefix, next, bytes, offset, n);
        next += n;
        return n;
      }
      return raw.read(bytes, offset, length);
    }

    @Override
    public int available() throws IOException {
      long total = (long) (prefix.length - next) + raw.available();
      return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @Override
    public void close() throws IOException {
      raw.close();
    }
  }
}
