package dev.ecrcname.core.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * A blob upload body that streams from its source each time it is written, so a retried or re-authenticated
 * request can send it again, and that reports progress as it goes.
 */
final class UploadBody extends RequestBody {
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
  private static final int BUFFER = 256 * 1024;

  private final Descriptor blob;
  private final ImageSource.Content content;
  private final TransferListener listener;

  UploadBody(Descriptor blob, ImageSource.Content content, TransferListener listener) {
    this.blob = blob;
    this.content = content;
    this.listener = listener;
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
        listener.transferred(blob, n);
      }
    }
    if (sent != blob.size()) {
      throw new IOException("blob " + blob.digest() + " source gave " + sent + " bytes, expected " + blob.size());
    }
  }
}
