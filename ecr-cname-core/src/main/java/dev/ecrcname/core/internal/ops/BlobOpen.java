package dev.ecrcname.core.internal.ops;

import dev.ecrcname.core.Digest;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * GET of a blob, or of a byte range of it, whose body is handed on open (through {@link
 * RegistryCaller#open}) rather than read here: a mirror passes it to its own client as it arrives.
 * Identity encoding is asked for, so that no transport decodes the bytes the digest is over; the
 * Range rides the redirect to S3, which serves ranges.
 *
 * @param last the last byte wanted, or -1 for the end of the blob
 */
public record BlobOpen(String repository, Digest digest, long first, long last)
    implements RegistryOperation<BlobOpen.Opened> {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  /**
   * The open answer: close it.
   *
   * @param offset the first byte the body holds
   * @param length the body's length, or -1 when not declared
   * @param size the blob's whole size, or -1 when not known
   */
  public record Opened(Answer answer, long offset, long length, long size) {
    /** The body. */
    public InputStream stream() {
      return answer.stream();
    }
  }

  /** Whether this asks for less than the whole blob. */
  public boolean ranged() {
    return first > 0 || last >= 0;
  }

  @Override
  public String description() {
    return "blob " + digest + " of " + repository;
  }

  /** ECR sends blob GETs to presigned S3 URLs, which serve the same range. */
  @Override
  public Redirects redirects() {
    return Redirects.ANYWHERE;
  }

  @Override
  public HttpUrl url(Routes routes) {
    return routes.blob(repository, digest);
  }

  @Override
  public Map<String, String> headers() {
    return ranged()
        ? Map.of(
            "Accept-Encoding",
            "identity",
            "Range",
            "bytes=" + first + "-" + (last >= 0 ? Long.toString(last) : ""))
        : Map.of("Accept-Encoding", "identity");
  }

  @Override
  public boolean isTransfer() {
    return true;
  }

  @Override
  public boolean isAnswer(int status) {
    return status == 200 || status == 206;
  }

  @Override
  public Opened read(Answer answer) {
    long length = parse(answer.header("Content-Length"));
    if (answer.status() == 200) {
      return new Opened(answer, 0, length, length); // a server that ignores Range sends it all
    }
    Matcher range = CONTENT_RANGE.matcher(String.valueOf(answer.header("Content-Range")));
    if (!range.matches()) {
      answer.close();
      throw new dev.ecrcname.core.ContentException(
          dev.ecrcname.core.ContentException.Problem.INVALID,
          description() + ": a 206 answer without a valid Content-Range");
    }
    long size = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
    return new Opened(answer, Long.parseLong(range.group(1)), length, size);
  }

  private static long parse(@Nullable String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
