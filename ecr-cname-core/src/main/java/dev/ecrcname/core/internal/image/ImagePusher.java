package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.ManifestFormat;
import dev.ecrcname.core.PushOptions;
import dev.ecrcname.core.PushResult;
import dev.ecrcname.core.internal.blob.BlobUploader;
import dev.ecrcname.core.internal.blob.LayerCompressor;
import dev.ecrcname.core.internal.manifest.ManifestWriter;
import dev.ecrcname.core.internal.ops.ManifestPut;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes an {@link ImageSource}: layers prepared (gzipped where needed) and uploaded in parallel,
 * the config bytes unchanged so the image ID survives, and the manifest last, only once every blob
 * is confirmed, so that a failure never leaves the tag pointing at an incomplete image.
 */
final class ImagePusher {
  private final RegistryCaller caller;
  private final LayerCompressor compressor;
  private final BlobUploader uploader;
  private final ExecutorService pool;

  ImagePusher(RegistryCaller caller, LayerCompressor compressor, ExecutorService pool) {
    this.caller = caller;
    this.compressor = compressor;
    this.uploader = new BlobUploader(caller);
    this.pool = pool;
  }

  /** A blob to send: what the manifest will say, and where its bytes come from. */
  private record Blob(Descriptor descriptor, ImageSource.Content content) {}

  PushResult push(ImageReference target, ImageSource source, PushOptions options) {
    String repository = target.repository();
    ManifestFormat format = options.format();
    byte[] configBytes = source.configBytes();
    Descriptor config =
        new Descriptor(format.configMediaType(), Digest.sha256(configBytes), configBytes.length);
    Counts counts = new Counts();
    List<Callable<Descriptor>> tasks = new ArrayList<>();
    tasks.add(
        () ->
            send(
                repository,
                new Blob(config, () -> new ByteArrayInputStream(configBytes)),
                options,
                counts));
    // Each layer is prepared and sent in one task, so one layer uploads while the next one is still
    // being gzipped.
    for (ImageSource.Layer layer : source.layers()) {
      tasks.add(() -> send(repository, prepare(layer, options), options, counts));
    }
    List<Descriptor> sent = Tasks.all(pool, tasks, "push of " + target.nameAndReference());

    byte[] manifest =
        ManifestWriter.image(format.manifestMediaType(), config, sent.subList(1, sent.size()));
    Digest digest = caller.call(new ManifestPut(target, format.manifestMediaType(), manifest));
    return new PushResult(
        repository,
        target.reference(),
        digest,
        config.digest(),
        counts.bytesUploaded.get(),
        counts.bytesSkipped.get(),
        counts.blobsUploaded.get(),
        counts.blobsSkipped.get());
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

  private Blob prepare(ImageSource.Layer layer, PushOptions options) throws IOException {
    LayerCompressor.Prepared prepared = compressor.prepare(layer, options.layerCompression());
    Descriptor descriptor =
        new Descriptor(
            options.format().layerMediaType(prepared.compression()),
            prepared.digest(),
            prepared.size());
    return new Blob(descriptor, prepared.content());
  }
}
