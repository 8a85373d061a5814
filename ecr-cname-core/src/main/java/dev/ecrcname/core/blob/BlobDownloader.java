package dev.ecrcname.core.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.DigestMismatchException;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.http.RegistryErrors;
import dev.ecrcname.core.http.RegistryTransport;
import dev.ecrcname.core.http.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a blob into the cache in one pass: each buffer is hashed and written as it arrives, so a layer is never
 * held in memory nor read twice. A body cut short is resumed with {@code Range} from the byte where it stopped; a
 * server that ignores Range gets the download restarted from zero.
 */
public final class BlobDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(BlobDownloader.class);
  private static final int BUFFER = 256 * 1024;

  private final RegistryTransport transport;
  private final BlobCache cache;

  public BlobDownloader(RegistryTransport transport, BlobCache cache) {
    this.transport = transport;
    this.cache = cache;
  }

  /**
   * Call before a pull's first request: primes the JIT for the bytes to come ({@link JitWarmup}), once per JVM, on a
   * background thread.
   */
  public void warmUp() {
    JitWarmup.startOnce();
  }

  /** The verified blob in the cache, downloaded unless already there. */
  public Path fetch(String repository, Descriptor blob, TransferListener listener) {
    listener.started(blob);
    var cached = cache.find(blob);
    if (cached.isPresent()) {
      listener.finished(blob, true);
      return cached.get();
    }
    List<HttpUrl> sources = sources(repository, blob);
    EcrCnameException last = null;
    for (HttpUrl url : sources) {
      try {
        Path path = download(url, repository, blob, listener);
        listener.finished(blob, false);
        return path;
      } catch (EcrCnameException e) {
        last = e; // a foreign layer's URL may be gone; the registry may still have the blob
        if (e instanceof DigestMismatchException) {
          throw e;
        }
      }
    }
    throw last;
  }

  /** Foreign layers name their own URLs first; the registry comes last as the fallback, or alone. */
  private List<HttpUrl> sources(String repository, Descriptor blob) {
    List<HttpUrl> urls = new ArrayList<>();
    for (String u : blob.urls()) {
      HttpUrl parsed = HttpUrl.parse(u);
      if (parsed != null && parsed.isHttps()) {
        urls.add(parsed);
      }
    }
    urls.add(blobUrl(repository, blob.digest()));
    return urls;
  }

  public HttpUrl blobUrl(String repository, Digest digest) {
    return transport
        .endpoint()
        .url()
        .addPathSegment("v2")
        .addPathSegments(repository)
        .addPathSegment("blobs")
        .addPathSegment(digest.toString())
        .build();
  }

  private Path download(HttpUrl url, String repository, Descriptor blob, TransferListener listener) {
    Path temp = null;
    try {
      temp = cache.newTempFile(blob.digest());
      MessageDigest hasher = blob.digest().newHasher();
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        transferWithResume(url, repository, blob, out, hasher, listener);
      }
      Digest actual = Digest.of(hasher);
      if (!actual.equals(blob.digest())) {
        throw new DigestMismatchException("blob " + blob.digest() + " of " + repository, blob.digest(), actual);
      }
      Path committed = cache.commit(temp, blob.digest());
      temp = null;
      return committed;
    } catch (IOException e) {
      if (RetryPolicy.isInterrupt(e)) {
        Thread.currentThread().interrupt();
        throw new EcrCnameException("download of " + blob.digest() + " interrupted", e);
      }
      throw new EcrCnameException(
          "download of blob " + blob.digest() + " from " + repository + " failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private void transferWithResume(
      HttpUrl url,
      String repository,
      Descriptor blob,
      FileChannel out,
      MessageDigest hasher,
      TransferListener listener)
      throws IOException {
    int maxAttempts = transport.retries().maxAttempts();
    for (int attempt = 1; ; attempt++) {
      long have = out.position();
      Request.Builder request = new Request.Builder().url(url);
      if (have > 0) {
        request.header("Range", "bytes=" + have + "-");
      }
      try (Response response = transport.execute(request.build())) {
        if (!startsAt(response, have)) {
          if (response.code() != 200) {
            throw RegistryErrors.of(response, "blob " + blob.digest() + " of " + repository, transport.endpoint());
          }
          restart(out, hasher, have);
        }
        copy(response.body().byteStream(), out, hasher, blob, listener);
        if (out.position() > blob.size()) {
          throw new IOException("blob is larger than the " + blob.size() + " bytes its descriptor declares");
        }
        return;
      } catch (IOException e) {
        if (RetryPolicy.isInterrupt(e) || attempt >= maxAttempts || out.position() > blob.size()) {
          throw e;
        }
        LOG.info("blob {} cut short at {} bytes ({}); resuming", blob.digest(), out.position(), e.toString());
      }
    }
  }

  /** Whether {@code response} continues the bytes we have: a 206 from {@code have}, or a 200 when we have none. */
  private static boolean startsAt(Response response, long have) {
    if (have == 0) {
      return response.code() == 200;
    }
    String range = response.header("Content-Range", "");
    return response.code() == 206 && range.startsWith("bytes " + have + "-");
  }

  private static void restart(FileChannel out, MessageDigest hasher, long had) throws IOException {
    if (had > 0) {
      LOG.info("server ignored Range; restarting the download from byte 0");
    }
    out.truncate(0);
    out.position(0);
    hasher.reset();
  }

  /**
   * Copies the body into the file, hashing on the way. The source hands out at most 8 KiB per read, so whole buffers
   * are gathered before each hash and write: a few thousand large writes instead of ~50,000 small ones for a 400 MB
   * image.
   */
  private static void copy(
      InputStream in, FileChannel out, MessageDigest hasher, Descriptor blob, TransferListener listener)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    long limit = blob.size();
    FullReads reads = new FullReads(in);
    for (int n; (n = reads.read(buffer)) > 0; ) {
      hasher.update(buffer, 0, n);
      wrapped.clear().limit(n);
      while (wrapped.hasRemaining()) {
        out.write(wrapped);
      }
      listener.transferred(blob, n);
      if (out.position() > limit) {
        throw new IOException("blob " + blob.digest() + " is larger than its declared " + limit + " bytes");
      }
    }
  }

  /**
   * Reads whole buffers. Bytes that arrived before a failure are handed out first and the failure on the next read,
   * so a resumed download starts exactly where the file ends.
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
        for (int n; filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) > 0; ) {
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

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // a leftover .part in the cache's tmp is harmless and never read
      }
    }
  }
}
