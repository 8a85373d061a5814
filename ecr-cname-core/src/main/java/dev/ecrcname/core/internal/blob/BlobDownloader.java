package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.DigestMismatchException;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.LayerReceiver;
import dev.ecrcname.core.LocalException;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.TransportException;
import dev.ecrcname.core.internal.http.TransportFailures;
import dev.ecrcname.core.internal.ops.BlobGet;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a blob into the cache in one pass: each buffer is hashed and written as it arrives, so
 * a layer is never held in memory nor read twice. A body cut short is resumed by the caller's retry
 * loop from the byte where it stopped (see {@link BlobGet}).
 */
public final class BlobDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(BlobDownloader.class);

  /** A cached blob is read into the receiver in pieces of this size. */
  private static final int DELIVERY_BUFFER = 1 << 20;

  private final RegistryCaller caller;
  private final BlobCache cache;
  private final boolean followForeignUrls;

  /**
   * @param followForeignUrls whether foreign layers' {@code urls} are tried before the registry;
   *     off by default, as in containerd: a manifest would otherwise choose where every puller
   *     sends requests
   */
  public BlobDownloader(RegistryCaller caller, BlobCache cache, boolean followForeignUrls) {
    this.caller = caller;
    this.cache = cache;
    this.followForeignUrls = followForeignUrls;
  }

  /** The verified blob in the cache, downloaded unless already there. */
  public Path fetch(String repository, Descriptor blob, TransferListener listener) {
    listener.started(blob);
    var cached = cache.find(blob);
    if (cached.isPresent()) {
      listener.finished(blob, true);
      return cached.get();
    }
    return download(repository, blob, listener, null);
  }

  /**
   * As {@link #fetch(String, Descriptor, TransferListener)}, with each byte also handed to {@code
   * receiver} on the same pass that hashes it: a cached blob is read once (and downloaded again if
   * it turns out wrong), a downloaded one goes to the cache and the receiver from the same buffer.
   * A receiver that takes no bytes gets a cached blob unhashed, to check as it reads it.
   */
  public Path fetch(
      String repository,
      Descriptor blob,
      TransferListener listener,
      @Nullable LayerReceiver receiver) {
    if (receiver == null) {
      return fetch(repository, blob, listener);
    }
    listener.started(blob);
    Optional<LayerReceiver.Layer> target;
    try {
      target = receiver.open(blob);
    } catch (IOException e) {
      throw receiverFailed(blob, e);
    }
    Optional<Path> present = cache.present(blob);
    if (present.isPresent() && target.isEmpty()) {
      receiver.unhashed(blob, present.get());
      listener.finished(blob, true);
      return present.get();
    }
    if (present.isPresent() && target.isPresent() && deliver(present.get(), blob, target.get())) {
      listener.finished(blob, true);
      return present.get();
    }
    return download(repository, blob, listener, target.orElse(null));
  }

  /**
   * Reads a cached blob into the receiver, hashing it on the way; false (the entry discarded, the
   * receiver restarted) when its bytes are not the blob's.
   */
  private boolean deliver(Path file, Descriptor blob, LayerReceiver.Layer target) {
    MessageDigest hasher = blob.digest().newHasher();
    byte[] buffer = new byte[DELIVERY_BUFFER];
    long total = 0;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        hasher.update(buffer, 0, n);
        total += n;
        if (total > blob.size()) {
          break;
        }
        int length = n;
        receiving(blob, () -> target.write(buffer, 0, length));
      }
    } catch (IOException e) {
      LOG.info("cannot read cached blob {} ({}); downloading it", blob.digest(), e.toString());
      receiving(blob, target::restart);
      return false;
    }
    if (total != blob.size() || !Digest.of(hasher).equals(blob.digest())) {
      cache.discard(blob);
      receiving(blob, target::restart);
      return false;
    }
    receiving(blob, target::verified);
    return true;
  }

  /** A step of the receiver; its failure is the pull's, never the network's or the cache's. */
  private static void receiving(Descriptor blob, ReceivingStep step) {
    try {
      step.run();
    } catch (IOException e) {
      throw receiverFailed(blob, e);
    }
  }

  @FunctionalInterface
  private interface ReceivingStep {
    void run() throws IOException;
  }

  /** The receiver failed: the pull ends with it, whichever source was being read. */
  private static LocalException receiverFailed(Descriptor blob, IOException cause) {
    return new LocalException(
        LocalException.Kind.OUTPUT,
        "writing blob " + blob.digest() + " to its receiver failed: " + cause.getMessage(),
        cause);
  }

  /**
   * The blob from a foreign layer's URLs, else from the registry, into the cache (and receiver).
   */
  private Path download(
      String repository,
      Descriptor blob,
      TransferListener listener,
      LayerReceiver.@Nullable Layer target) {
    EcrCnameException last = null;
    for (HttpUrl url : foreignSources(blob)) {
      try {
        Path path = download(repository, blob, url, listener, target);
        listener.finished(blob, false);
        return path;
      } catch (EcrCnameException e) {
        if (e instanceof DigestMismatchException
            || e instanceof LocalException
            || (e instanceof TransportException t
                && t.kind() == TransportException.Kind.INTERRUPTED)) {
          throw e;
        }
        last = e; // a foreign layer's URL may be gone; the registry may still have the blob
        LOG.info("foreign layer URL failed ({}); trying the registry", e.getMessage());
      }
    }
    try {
      Path path = download(repository, blob, null, listener, target);
      listener.finished(blob, false);
      return path;
    } catch (EcrCnameException e) {
      if (last != null) {
        e.addSuppressed(last);
      }
      throw e;
    }
  }

  /**
   * Foreign layers name their own https URLs first; the registry is the fallback. Only foreign
   * (non-distributable) layers: {@code urls} on any other descriptor would let a manifest send
   * every puller to an address of its choice. Never the registry itself, which would hand such a
   * URL our credentials.
   */
  private List<HttpUrl> foreignSources(Descriptor blob) {
    List<HttpUrl> urls = new ArrayList<>();
    if (!followForeignUrls || !blob.isForeign()) {
      return urls;
    }
    for (String u : blob.urls()) {
      HttpUrl parsed = HttpUrl.parse(u);
      if (parsed != null
          && parsed.isHttps()
          && !caller.endpoint().isCnameHost(parsed.host())
          && !caller.endpoint().isRegistryHost(parsed)) {
        urls.add(parsed);
      }
    }
    return urls;
  }

  private Path download(
      String repository,
      Descriptor blob,
      @Nullable HttpUrl url,
      TransferListener listener,
      LayerReceiver.@Nullable Layer target) {
    Path temp = null;
    try {
      temp = cache.newTempFile(blob.digest());
      MessageDigest hasher = blob.digest().newHasher();
      if (target != null) {
        receiving(blob, target::restart); // an earlier source may have written some bytes
      }
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        FileSink sink = new FileSink(out, hasher, blob, listener, target);
        BlobGet get = new BlobGet(repository, blob, url, sink);
        if (url != null) {
          caller.callOnce(get); // one short try: the registry is the fallback
        } else {
          caller.call(get);
        }
      }
      Digest actual = Digest.of(hasher);
      if (!actual.equals(blob.digest())) {
        throw new DigestMismatchException(
            "blob " + blob.digest() + " of " + repository, blob.digest(), actual);
      }
      Path committed = cache.commit(temp, blob.digest());
      temp = null;
      if (target != null) {
        receiving(blob, target::verified);
      }
      return committed;
    } catch (IOException e) {
      throw localFailure(blob, e);
    } catch (ReceiverFailed e) {
      throw receiverFailed(blob, Objects.requireNonNull(e.getCause()));
    } catch (UncheckedIOException e) {
      throw localFailure(blob, Objects.requireNonNull(e.getCause()));
    } finally {
      deleteQuietly(temp);
    }
  }

  private LocalException localFailure(Descriptor blob, IOException e) {
    if (TransportFailures.isInterrupt(e)) {
      return new LocalException(
          LocalException.Kind.INTERRUPTED,
          "storing blob " + blob.digest() + " in the cache was interrupted",
          e);
    }
    return new LocalException(
        LocalException.Kind.CACHE,
        "storing blob "
            + blob.digest()
            + " in the cache "
            + cache.root()
            + " failed (check its free space and permissions): "
            + e,
        e);
  }

  /**
   * Hashes, writes and reports each buffer; a local write failure is not the network's and ends the
   * download.
   */
  private record FileSink(
      FileChannel out,
      MessageDigest hasher,
      Descriptor blob,
      TransferListener listener,
      LayerReceiver.@Nullable Layer target)
      implements BlobGet.Sink {
    @Override
    public long position() {
      try {
        return out.position();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void restart() {
      try {
        if (out.position() > 0) {
          LOG.info(
              "blob {}: the server did not continue at byte {}; starting again from 0",
              blob.digest(),
              out.position());
        }
        out.truncate(0);
        out.position(0);
        hasher.reset();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (target != null) {
        try {
          target.restart();
        } catch (IOException e) {
          throw new ReceiverFailed(e);
        }
      }
    }

    @Override
    public void accept(byte[] buffer, int length) {
      hasher.update(buffer, 0, length);
      ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, length);
      try {
        while (wrapped.hasRemaining()) {
          out.write(wrapped);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (target != null) {
        try {
          target.write(buffer, 0, length);
        } catch (IOException e) {
          throw new ReceiverFailed(e);
        }
      }
      listener.transferred(blob, length);
    }
  }

  /** The receiver could not take bytes: the pull's own failure, not the network's. */
  private static final class ReceiverFailed extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    ReceiverFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static void deleteQuietly(@Nullable Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // a leftover .part in the cache's tmp is harmless and never read
      }
    }
  }
}
