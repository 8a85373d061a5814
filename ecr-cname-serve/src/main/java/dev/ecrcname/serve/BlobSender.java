package dev.ecrcname.serve;

import dev.ecrcname.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * Writes a blob's bytes to the client through two buffers: a buffer goes out only once the next
 * read has succeeded, and the last one only after the end was reached, which is where a whole
 * blob's digest is checked. So a blob that fails verification never reaches the client complete:
 * the failure propagates and the connection is cut short of the declared length.
 */
final class BlobSender {
  static final int BUFFER = 128 * 1024;

  private BlobSender() {}

  /** The status line and headers of a blob answer. */
  static void headers(
      Response response, Digest digest, long offset, long length, long size, boolean partial) {
    response.setStatus(partial ? 206 : 200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    response.getHeaders().put("Docker-Content-Digest", digest.toString());
    response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
    if (length >= 0) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
    }
    if (partial && length >= 0) {
      response
          .getHeaders()
          .put(
              HttpHeader.CONTENT_RANGE,
              "bytes "
                  + offset
                  + "-"
                  + (offset + length - 1)
                  + "/"
                  + (size >= 0 ? Long.toString(size) : "*"));
    }
  }

  /** Copies {@code in} to the response, holding one buffer back (see the class comment). */
  static void copy(InputStream in, Response response) throws IOException {
    byte[] held = new byte[BUFFER];
    byte[] next = new byte[BUFFER];
    int heldCount = fill(in, held);
    while (heldCount > 0) {
      int nextCount = fill(in, next); // throws here when the end shows a wrong digest
      boolean last = nextCount <= 0;
      Content.Sink.write(response, last, ByteBuffer.wrap(held, 0, heldCount));
      byte[] swap = held;
      held = next;
      next = swap;
      heldCount = nextCount;
      if (last) {
        return;
      }
    }
    Content.Sink.write(response, true, ByteBuffer.allocate(0)); // an empty blob
  }

  /** Fills {@code buffer} as far as the stream goes; -1 at the end with nothing read. */
  private static int fill(InputStream in, byte[] buffer) throws IOException {
    int filled = 0;
    while (filled < buffer.length) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        return filled == 0 ? -1 : filled;
      }
      filled += n;
    }
    return filled;
  }
}
