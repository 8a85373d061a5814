package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * GET of a blob into a {@link Sink}, resumable: each attempt asks for the bytes from where the sink
 * stands ({@code Range}), so a body cut short costs only what is missing. A server that ignores
 * Range gets the sink restarted. Identity encoding is asked for, so that no transport ever decodes
 * the bytes the digest is over.
 */
public record BlobGet(String repository, Descriptor blob, @Nullable HttpUrl foreignUrl, Sink sink)
    implements RegistryOperation<Long> {
  private static final int BUFFER = 256 * 1024;

  /** Where the bytes go: hashed, written and counted, in order. */
  public interface Sink {
    /** How many bytes the sink holds. */
    long position();

    /** Drops every byte held, to start again from byte 0. */
    void restart();

    /** Takes the next {@code length} bytes of the blob. */
    void accept(byte[] buffer, int length);
  }

  @Override
  public String description() {
    return "blob " + blob.digest() + " of " + repository;
  }

  @Override
  public HttpUrl url(Routes routes) {
    return foreignUrl != null ? foreignUrl : routes.blob(repository, blob.digest());
  }

  @Override
  public Map<String, String> headers() {
    long have = sink.position();
    return have == 0
        ? Map.of("Accept-Encoding", "identity")
        : Map.of("Accept-Encoding", "identity", "Range", "bytes=" + have + "-");
  }

  /** ECR sends blob GETs to presigned S3 URLs; a foreign layer URL may redirect too. */
  @Override
  public Redirects redirects() {
    return Redirects.ANYWHERE;
  }

  @Override
  public boolean isTransfer() {
    return true;
  }

  @Override
  public boolean isAnswer(int status) {
    return status == 200 || status == 206;
  }

  /** Copies the body into the sink; returns the bytes the sink holds at the end. */
  @Override
  public Long read(Answer answer) throws IOException {
    long have = sink.position();
    boolean continues =
        have > 0
            && answer.status() == 206
            && answer.header("Content-Range") != null
            && answer.header("Content-Range").startsWith("bytes " + have + "-");
    if (!continues) {
      sink.restart();
      if (answer.status() == 206) {
        throw new IOException(
            "the server resumed at another byte than " + have + "; starting again from 0");
      }
    }
    copy(answer.stream());
    return sink.position();
  }

  /**
   * The source hands out at most 8 KiB per read, so whole buffers are gathered before each hash and
   * write: a few thousand large writes instead of ~50,000 small ones for a 400 MB image.
   */
  private void copy(InputStream in) throws IOException {
    byte[] buffer = new byte[BUFFER];
    FullReads reads = new FullReads(in);
    for (int n; (n = reads.read(buffer)) > 0; ) {
      if (sink.position() + n > blob.size()) {
        throw new ContentException(
            ContentException.Problem.TOO_LARGE,
            description()
                + " is larger than the "
                + blob.size()
                + " bytes its descriptor declares");
      }
      sink.accept(buffer, n);
    }
  }

  /**
   * Reads whole buffers. Bytes that arrived before a failure are handed out first and the failure
   * on the next read, so a resumed download starts exactly where the sink ends.
   */
  private static final class FullReads {
    private final InputStream in;
    private @Nullable IOException failure;

    FullReads(InputStream in) {
      this.in = in;
    }

    /** The count read into {@code buffer}; 0 only at the end of the body. */
    int read(byte[] buffer) throws IOException {
      if (failure != null) {
        throw failure;
      }
      int filled = 0;
      try {
        for (int n;
            filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) > 0; ) {
          filled += n;
        }
      } catch (IOException e) {
        if (filled == 0) {
          throw e;
        }
        failure = e;
      }
      return filled;
    }
  }
}
