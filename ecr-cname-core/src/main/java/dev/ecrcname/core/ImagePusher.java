package dev.ecrcname.core;

import dev.ecrcname.core.blob.BlobUploader;
import dev.ecrcname.core.blob.LayerCompressor;
import dev.ecrcname.core.http.RegistryErrors;
import dev.ecrcname.core.http.RegistryTransport;
import dev.ecrcname.core.manifest.ManifestWriter;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes an {@link ImageSource}: layers prepared (gzipped where needed) and uploaded in parallel, the config bytes
 * unchanged so the image ID survives, and the manifest last, only once every blob is confirmed, so that a failure
 * never leaves the tag pointing at an incomplete image.
 */
final class ImagePusher {
  private final RegistryTransport transport;
  private final LayerCompressor compressor;
  private final BlobUploader uploader;
  private final ExecutorService pool;

  ImagePusher(RegistryTransport transport, LayerCompressor compressor, ExecutorService pool) {
    this.transport = transport;
    this.compressor = compressor;
    this.uploader = new BlobUploader(transport);
    this.pool = pool;
  }

  /** A blob to send: what the manifest will say, and where its bytes come from. */
  private record Blob(Descriptor descriptor, ImageSource.Content content) {}

  PushResult push(String repository, String tag, ImageSource source, PushOptions options) {
    ManifestFormat format = options.format();
    byte[] configBytes = source.configBytes();
    Descriptor config = new Descriptor(format.configMediaType(), Digest.sha256(configBytes), configBytes.length);
    Counts counts = new Counts();
    List<Callable<Descriptor>> tasks = new ArrayList<>();
    tasks.add(() -> send(repository, new Blob(config, () -> new ByteArrayInputStream(configBytes)), options, counts));
    // Each layer is prepared and sent in one task, so one layer uploads while the next one is still being gzipped.
    for (ImageSource.Layer layer : source.layers()) {
      tasks.add(() -> send(repository, prepare(layer, format), options, counts));
    }
    List<Descriptor> sent = all(tasks);

    byte[] manifest = ManifestWriter.image(format.manifestMediaType(), config, sent.subList(1, sent.size()));
    Digest digest = putManifest(repository, tag, format.manifestMediaType(), manifest);
    return new PushResult(repository, tag, digest, config.digest(), counts.bytesUploaded.get(),
        counts.bytesSkipped.get(), counts.blobsUploaded.get(), counts.blobsSkipped.get());
  }

  /** What the blob tasks did, added up across threads. */
  private static final class Counts {
    final AtomicLong bytesUploaded = new AtomicLong();
    final AtomicLong bytesSkipped = new AtomicLong();
    final AtomicInteger blobsUploaded = new AtomicInteger();
    final AtomicInteger blobsSkipped = new AtomicInteger();
  }

  private Descriptor send(String repository, Blob blob, PushOptions options, Counts counts) {
    Descriptor d = blob.descriptor();
    if (uploader.push(repository, d, blob.content(), options.mountFrom(), options.listener())) {
      counts.bytesUploaded.addAndGet(d.size());
      counts.blobsUploaded.incrementAndGet();
    } else {
      counts.bytesSkipped.addAndGet(d.size());
      counts.blobsSkipped.incrementAndGet();
    }
    return d;
  }

  private Blob prepare(ImageSource.Layer layer, ManifestFormat format) throws java.io.IOException {
    LayerCompressor.Prepared prepared = compressor.prepare(layer);
    Descriptor descriptor =
        new Descriptor(format.layerMediaType(prepared.compression()), prepared.digest(), prepared.size());
    return new Blob(descriptor, prepared.content());
  }

  private Digest putManifest(String repository, String tag, String mediaType, byte[] manifest) {
    Digest digest = Digest.sha256(manifest);
    String what = "manifest " + repository + ":" + tag;
    Request put = new Request.Builder()
        .url(transport.endpoint().url().addPathSegment("v2").addPathSegments(repository).addPathSegment("manifests")
            .addPathSegment(tag).build())
        .put(RequestBody.create(manifest, MediaType.get(mediaType)))
        .build();
    try (Response response = transport.execute(put)) {
      if (response.code() != 201 && response.code() != 200) {
        throw RegistryErrors.of(response, "pushing " + what, transport.endpoint());
      }
      String stored = response.header("Docker-Content-Digest");
      if (stored != null && !stored.isBlank() && !Digest.parse(stored.trim()).equals(digest)) {
        throw new DigestMismatchException("pushed " + what + " (Docker-Content-Digest)", digest,
            Digest.parse(stored.trim()));
      }
      return digest;
    } catch (java.io.IOException e) {
      throw transport.failure("pushing " + what, put, e);
    }
  }

  /** Runs {@code tasks} on the pool and returns their results in order; the first failure cancels the rest. */
  private <T> List<T> all(List<Callable<T>> tasks) {
    List<Future<T>> futures = tasks.stream().map(pool::submit).toList();
    List<T> results = new ArrayList<>();
    try {
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EcrCnameException("push interrupted", e);
    } catch (ExecutionException e) {
      throw Tasks.unwrap(e);
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
  }
}
