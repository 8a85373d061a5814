package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.CopyResult;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.internal.blob.BlobCopier;
import dev.ecrcname.core.internal.blob.BlobUploader;
import dev.ecrcname.core.internal.manifest.ParsedManifest;
import dev.ecrcname.core.internal.manifest.PlatformSelector;
import dev.ecrcname.core.internal.ops.ManifestPut;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Copies an image or a whole index from one repository to another, in one registry or between two:
 * every manifest is read and checked first (a missing child fails the copy before anything is
 * written), then the blobs go in parallel ({@link BlobCopier}: skipped, mounted or streamed), then
 * child manifests by digest, and the tag last, so an interrupted copy leaves no tag. Manifests go
 * byte for byte, so every digest stays.
 *
 * @param sameRegistry whether both sides are one client, so that a cross-repository mount can work
 */
record ImageCopier(ImageCopier.Side from, ImageCopier.Side to, boolean sameRegistry) {

  /** One side of a copy: a registry's caller and manifests, and its uploader and pool. */
  record Side(
      RegistryCaller caller,
      ManifestFetcher manifests,
      BlobUploader uploader,
      ExecutorService pool) {}

  /**
   * @param platform the one platform to take from an index, or null for every child
   */
  CopyResult copy(
      ImageReference source,
      ImageReference target,
      @Nullable Platform platform,
      TransferListener listener) {
    ManifestFetcher.Fetched top = from.manifests().fetch(source);
    ManifestFetcher.Fetched tagged = top;
    List<ManifestFetcher.Fetched> children = new ArrayList<>();
    if (top.parsed() instanceof ParsedManifest.Index index) {
      if (platform != null) {
        Descriptor chosen = PlatformSelector.select(index, platform, source.nameAndReference());
        tagged = from.manifests().child(source, chosen.digest());
      } else {
        for (ParsedManifest.Entry entry : index.manifests()) {
          children.add(from.manifests().child(source, entry.descriptor().digest()));
        }
      }
    }
    List<ManifestFetcher.Fetched> images = children.isEmpty() ? List.of(tagged) : children;
    Counts counts = copyBlobs(source, target, images, listener);
    for (ManifestFetcher.Fetched child : children) {
      put(byDigest(target, child.raw().digest()), child.raw());
    }
    ImageReference at =
        target.tag() != null || source.tag() == null ? target : withTag(target, source);
    if (at.tag() == null) {
      at = byDigest(target, tagged.raw().digest());
    }
    Digest digest = put(at, tagged.raw());
    return new CopyResult(
        at.withDigest(digest),
        1 + children.size(),
        counts.copied.get(),
        counts.copiedBlobs.get(),
        counts.mounted.get(),
        counts.mountedBlobs.get(),
        counts.skipped.get(),
        counts.skippedBlobs.get());
  }

  private static ImageReference withTag(ImageReference target, ImageReference source) {
    return new ImageReference(target.registry(), target.repository(), source.tag(), null);
  }

  private static ImageReference byDigest(ImageReference target, Digest digest) {
    return new ImageReference(target.registry(), target.repository(), null, digest);
  }

  private Digest put(ImageReference at, FetchedManifest manifest) {
    return to.caller().call(new ManifestPut(at, manifest.mediaType(), manifest.bytes()));
  }

  /** Blob counts, added up across the blob tasks. */
  private static final class Counts {
    final AtomicLong copied = new AtomicLong();
    final AtomicLong mounted = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicInteger copiedBlobs = new AtomicInteger();
    final AtomicInteger mountedBlobs = new AtomicInteger();
    final AtomicInteger skippedBlobs = new AtomicInteger();

    void add(BlobUploader.Outcome outcome, long size) {
      switch (outcome) {
        case UPLOADED -> {
          copied.addAndGet(size);
          copiedBlobs.incrementAndGet();
        }
        case MOUNTED -> {
          mounted.addAndGet(size);
          mountedBlobs.incrementAndGet();
        }
        case PRESENT -> {
          skipped.addAndGet(size);
          skippedBlobs.incrementAndGet();
        }
      }
    }
  }

  /**
   * Every distinct blob of the images, config first, each once; foreign layers stay where their
   * URLs are, as a registry never holds them.
   */
  private Counts copyBlobs(
      ImageReference source,
      ImageReference target,
      List<ManifestFetcher.Fetched> images,
      TransferListener listener) {
    Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
    for (ManifestFetcher.Fetched image : images) {
      ParsedManifest.Image parsed = (ParsedManifest.Image) image.parsed();
      blobs.putIfAbsent(parsed.config().digest(), parsed.config());
      parsed.layers().stream()
          .filter(l -> !l.isForeign())
          .forEach(l -> blobs.putIfAbsent(l.digest(), l));
    }
    Counts counts = new Counts();
    ExecutorService readers = Executors.newCachedThreadPool(ImageService.daemonThreads("copy"));
    try {
      BlobCopier copier = new BlobCopier(from.caller(), to.uploader(), sameRegistry, readers);
      List<Callable<Void>> tasks = new ArrayList<>();
      for (Descriptor blob : blobs.values()) {
        tasks.add(
            () -> {
              counts.add(
                  copier.copy(source.repository(), blob, target.repository(), listener),
                  blob.size());
              return null;
            });
      }
      Tasks.all(to.pool(), tasks, "copy of " + source.nameAndReference());
    } finally {
      readers.shutdownNow();
    }
    return counts;
  }
}
