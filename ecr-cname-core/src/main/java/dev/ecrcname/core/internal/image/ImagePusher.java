package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.ManifestFormat;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PushOptions;
import dev.ecrcname.core.PushResult;
import dev.ecrcname.core.internal.blob.BlobUploader;
import dev.ecrcname.core.internal.blob.LayerCompressor;
import dev.ecrcname.core.internal.manifest.ManifestParser;
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
import org.jspecify.annotations.Nullable;

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
    Counts counts = new Counts();
    Pushed pushed = pushImage(target, target, source, options, counts);
    return counts.result(target, pushed.manifest().digest(), pushed.config().digest());
  }

  /**
   * Pushes every image by digest, then an index of them (an OCI index, or a Docker manifest list
   * for {@link ManifestFormat#DOCKER_V2S2}) under the target's reference. Each entry's platform is
   * the one its config declares. Nothing is tagged until every image is in, so an interrupted push
   * leaves the tag where it was.
   */
  PushResult pushIndex(
      ImageReference target, List<? extends ImageSource> images, PushOptions options) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("an index needs at least one image");
    }
    // Every platform is known before the first byte moves, so a bad set uploads nothing.
    List<Platform> platforms = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      ImageSource image = images.get(i);
      byte[] config = image.configBytes();
      String what =
          "image "
              + (i + 1)
              + " of "
              + images.size()
              + " for "
              + target.nameAndReference()
              + " (config "
              + Digest.sha256(config)
              + ")";
      Platform platform =
          image.platform().orElseGet(() -> ManifestParser.platformOfConfig(config, what));
      if (platforms.contains(platform)) {
        throw new ContentException(
            ContentException.Problem.INVALID,
            what
                + " is a second image for "
                + platform
                + "; an index holds one image per platform");
      }
      platforms.add(platform);
    }
    Counts counts = new Counts();
    List<ManifestWriter.IndexEntry> entries = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Pushed pushed = pushImage(target, null, images.get(i), options, counts);
      entries.add(new ManifestWriter.IndexEntry(pushed.manifest(), platforms.get(i)));
    }
    String mediaType =
        options.format() == ManifestFormat.OCI
            ? MediaTypes.OCI_INDEX
            : MediaTypes.DOCKER_MANIFEST_LIST;
    byte[] index = ManifestWriter.index(mediaType, entries);
    Digest digest = caller.call(new ManifestPut(target, mediaType, index));
    // An index has no config; its digest is what docker's containerd store shows as the image ID.
    return counts.result(target, digest, digest);
  }

  /** One image pushed: its manifest's and its config's descriptors. */
  private record Pushed(Descriptor manifest, Descriptor config) {}

  /**
   * Uploads the config and layers, then PUTs the manifest at {@code at}, or by its own digest when
   * {@code at} is null (an index's child).
   */
  private Pushed pushImage(
      ImageReference target,
      @Nullable ImageReference at,
      ImageSource source,
      PushOptions options,
      Counts counts) {
    String repository = target.repository();
    ManifestFormat format = options.format();
    byte[] configBytes = source.configBytes();
    Descriptor config =
        new Descriptor(format.configMediaType(), Digest.sha256(configBytes), configBytes.length);
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

    String mediaType = format.manifestMediaType();
    byte[] manifest = ManifestWriter.image(mediaType, config, sent.subList(1, sent.size()));
    Digest expected = Digest.sha256(manifest);
    ImageReference put =
        at != null ? at : new ImageReference(target.registry(), repository, null, expected);
    Digest digest = caller.call(new ManifestPut(put, mediaType, manifest));
    return new Pushed(new Descriptor(mediaType, digest, manifest.length), config);
  }

  /** What the blob tasks did, added up across threads. */
  private static final class Counts {
    final AtomicLong bytesUploaded = new AtomicLong();
    final AtomicLong bytesSkipped = new AtomicLong();
    final AtomicInteger blobsUploaded = new AtomicInteger();
    final AtomicInteger blobsSkipped = new AtomicInteger();

    PushResult result(ImageReference target, Digest manifest, Digest imageId) {
      return new PushResult(
          target.withDigest(manifest),
          imageId,
          bytesUploaded.get(),
          bytesSkipped.get(),
          blobsUploaded.get(),
          blobsSkipped.get());
    }
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
