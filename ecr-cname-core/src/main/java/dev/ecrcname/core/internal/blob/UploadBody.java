package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * A blob upload body that streams from its source each time it is written, so a retried or
 * re-authenticated request can send it again, and that reports progress as it goes. Progress counts
 * each byte once across those attempts (they share {@code reported}), so a progress bar never
 * passes 100%.
 */
final class UploadBody extends RequestBody {
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
  private static final int BUFFER = 256 * 1024;

  private final Descriptor blob;
  private final ImageSource.Content content;
  private final TransferListener listener;
  private final AtomicLong reported;

  UploadBody(
      Descriptor blob,
      ImageSource.Content content,
      TransferListener listener,
      AtomicLong reported) {
    this.blob = blob;
    this.content = content;
    this.listener = listener;
    this.reported = reported;
  }

  Descriptor blob() {
    return blob;
  }

  @Override
  public @Nullable MediaType contentType() {
    return OCTET_STREAM;
  }

  @Override
  public long contentLength() {
    return blob.size();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long sent = 0;
    try (InputStream in = content.open()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sink.write(buffer, 0, n);
        sent += n;
        long before = reported.getAndAccumulate(sent, Math::max);
        if (sent > before) {
          listener.transferred(blob, sent - before);
        }
      }
    }
    if (sent != blob.size()) {
      throw new IOException(
          "blob " + blob.digest() + " source gave " + sent + " bytes, expected " + blob.size());
    }
  }
}
