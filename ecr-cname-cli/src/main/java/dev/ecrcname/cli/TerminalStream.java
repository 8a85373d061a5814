package dev.ecrcname.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * The one writer every line of text the CLI prints goes through, stdout and stderr alike, log lines
 * included (issue 21, defect 1): each line is passed through {@link Terminal#safe} on its way to
 * the terminal, so registry text cannot carry an escape sequence to it, whichever call site printed
 * it. Filtering at each call site had failed again and again; this does not depend on them.
 *
 * <p>Text is cut at {@code \n} (kept, with a {@code \r} before it), decoded, made safe and encoded
 * again. A flush writes what is buffered (a prompt, a partial line); a byte sequence split by it is
 * kept for the next write, and an escape sequence split by it loses its ESC, so its rest prints as
 * plain text. Byte-exact data (inspect --raw) goes to {@link Io#data()} instead.
 */
final class TerminalStream extends FilterOutputStream {
  /** A line longer than this is written in pieces; no terminal shows it whole anyway. */
  private static final int MAX_BUFFER = 64 * 1024;

  private final Charset charset;
  private final CharsetDecoder decoder;
  private byte[] buffer = new byte[256];
  private int count;

  private TerminalStream(OutputStream out, Charset charset) {
    super(out);
    this.charset = charset;
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  /** A print stream over {@code raw} whose every line is made safe for a terminal. */
  static PrintStream over(OutputStream raw, Charset charset) {
    return new PrintStream(new TerminalStream(raw, charset), true, charset);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (count == buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
    }
    buffer[count++] = (byte) b;
    if (b == '\n') {
      emit(false);
    } else if (count >= MAX_BUFFER) {
      emit(true);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    if (count > 0) {
      emit(true);
    }
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }

  /**
   * Writes the buffer, safe: a whole line, or (when {@code partial}) every complete character in
   * it, keeping a cut-off byte sequence for the next write.
   */
  private void emit(boolean partial) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, count);
    CharBuffer chars = CharBuffer.allocate(count + 1);
    decoder.reset();
    decoder.decode(bytes, chars, !partial);
    if (!partial) {
      decoder.flush(chars);
    }
    chars.flip();
    String text = chars.toString();
    String ending = "";
    if (text.endsWith("\r\n")) {
      ending = "\r\n";
    } else if (text.endsWith("\n")) {
      ending = "\n";
    }
    String line = text.substring(0, text.length() - ending.length());
    out.write((Terminal.safe(line) + ending).getBytes(charset));
    int left = bytes.remaining();
    System.arraycopy(buffer, bytes.position(), buffer, 0, left);
    count = left;
  }
}
