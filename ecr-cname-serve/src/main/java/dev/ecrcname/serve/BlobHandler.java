package dev.ecrcname.serve;

import dev.ecrcname.core.BlobStream;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.RegistryClient;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Blob GET (with {@code Range}) and HEAD. A HEAD is always answered here with the size, never
 * redirected: S3 presigns its URL for GET only (moby#50065); in cache mode from the verified cache
 * when it holds the blob, else from a one-byte range upstream. A GET is streamed, served from the
 * cache, or redirected, by {@link BlobMode}.
 */
final class BlobHandler {
  private final RegistryClient client;
  private final Limits limits;
  private final BlobMode mode;
  private final CacheFill cache;
  private final MirrorMetrics metrics;

  BlobHandler(Settings settings, Limits limits, MirrorMetrics metrics) {
    this.client = settings.client();
    this.limits = limits;
    this.mode = settings.blobs();
    this.cache = new CacheFill(client, limits);
    this.metrics = metrics;
  }

  void handle(V2Route route, Request request, Response response, Callback callback, boolean head)
      throws Exception {
    Digest digest = Digest.parse(route.reference());
    ImageReference blob = ImageReference.of(route.name(), digest.toString());
    Optional<ByteRange> range = ByteRange.parse(request.getHeaders().get(HttpHeader.RANGE));
    if (head) {
      head(blob, digest, response, callback);
    } else if (mode == BlobMode.CACHE) {
      fromCache(blob, digest, range, response, callback);
    } else if (mode == BlobMode.REDIRECT && redirect(blob, response, callback)) {
      return;
    } else {
      stream(blob, digest, range, response, callback);
    }
  }

  private void head(ImageReference blob, Digest digest, Response response, Callback callback)
      throws InterruptedException {
    long size = mode == BlobMode.CACHE ? cache.verifiedSize(blob) : -1;
    if (size < 0) {
      metrics.upstreamBlobRequest();
      try (BlobStream probe =
          limits.upstream("blob_head", () -> client.passThrough().openBlob(blob, 0, 0))) {
        size = probe.size();
      }
    }
    BlobSender.headers(response, digest, 0, size, size, false);
    response.write(true, ByteBuffer.allocate(0), callback);
  }

  private boolean redirect(ImageReference blob, Response response, Callback callback) {
    metrics.upstreamBlobRequest();
    Optional<URI> location =
        limits.upstream("blob_location", () -> client.passThrough().blobLocation(blob));
    if (location.isEmpty()) {
      return false;
    }
    response.setStatus(307);
    response.getHeaders().put(HttpHeader.LOCATION, location.get().toString());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, ByteBuffer.allocate(0), callback);
    return true;
  }

  private void stream(
      ImageReference blob,
      Digest digest,
      Optional<ByteRange> range,
      Response response,
      Callback callback)
      throws Exception {
    limits.acquireBlobStream();
    try {
      metrics.upstreamBlobRequest();
      try (BlobStream stream =
          limits.upstream(
              "blob",
              () ->
                  range.isPresent()
                      ? client.passThrough().openBlob(blob, range.get().first(), range.get().last())
                      : client.passThrough().openBlob(blob))) {
        BlobSender.headers(
            response, digest, stream.offset(), stream.length(), stream.size(), stream.partial());
        BlobSender.copy(stream.stream(), response);
      }
    } finally {
      limits.releaseBlobStream();
    }
    callback.succeeded();
  }

  private void fromCache(
      ImageReference blob,
      Digest digest,
      Optional<ByteRange> range,
      Response response,
      Callback callback)
      throws Exception {
    Path path = cache.path(blob);
    long size = Files.size(path);
    long first = range.map(ByteRange::first).orElse(0L);
    long last =
        range.map(r -> r.last() < 0 ? size - 1 : Math.min(r.last(), size - 1)).orElse(size - 1);
    if (range.isPresent() && first >= size) {
      response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
      OciErrors.write(
          response, callback, new OciErrors.OciError(416, "UNSUPPORTED", "range beyond the blob"));
      return;
    }
    limits.acquireBlobStream();
    try (InputStream in = Files.newInputStream(path)) {
      in.skipNBytes(first);
      BlobSender.headers(response, digest, first, last - first + 1, size, range.isPresent());
      BlobSender.copy(new BoundedInput(in, last - first + 1), response);
    } finally {
      limits.releaseBlobStream();
    }
    callback.succeeded();
  }

  /** At most {@code remaining} bytes of a file, for a range served from the cache. */
  private static final class BoundedInput extends java.io.FilterInputStream {
    private long remaining;

    BoundedInput(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
