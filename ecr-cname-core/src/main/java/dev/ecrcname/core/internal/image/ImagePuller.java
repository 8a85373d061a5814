package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.LayerReceiver;
import dev.ecrcname.core.LocalException;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.internal.blob.BlobDownloader;
import dev.ecrcname.core.internal.manifest.ParsedManifest;
import dev.ecrcname.core.internal.manifest.PlatformSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a reference to one image manifest, then fetches its config and layers, layers in
 * parallel.
 */
final class ImagePuller {
  /** Configs are small JSON; a bigger one is a hostile or broken registry. */
  private static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

  private final ManifestFetcher manifests;
  private final BlobDownloader blobs;
  private final ExecutorService layerPool;

  ImagePuller(ManifestFetcher manifests, BlobDownloader blobs, ExecutorService layerPool) {
    this.manifests = manifests;
    this.blobs = blobs;
    this.layerPool = layerPool;
  }

  /** The image manifest for {@code platform}, following an index when the reference names one. */
  ManifestFetcher.Fetched resolve(ImageReference image, Platform platform) {
    ManifestFetcher.Fetched top = manifests.fetch(image);
    if (!(top.parsed() instanceof ParsedManifest.Index index)) {
      return top;
    }
    Descriptor chosen = PlatformSelector.select(index, platform, image.nameAndReference());
    return manifests.child(image, chosen.digest());
  }

  /**
   * One platform's image; with a receiver, each layer's bytes also go there as they are downloaded
   * or read from the cache.
   */
  PulledImage pull(
      ImageReference image,
      Platform platform,
      TransferListener listener,
      @Nullable LayerReceiver receiver) {
    return start(image, resolve(image, platform), listener, new HashMap<>(), receiver).finish();
  }

  /**
   * Every platform's image of an index, or the one image a reference names. The layers of all
   * platforms are started before any is awaited, so the pool stays busy across images.
   */
  MultiPlatformImage pullAllPlatforms(ImageReference image, TransferListener listener) {
    ManifestFetcher.Fetched top = manifests.fetch(image);
    if (!(top.parsed() instanceof ParsedManifest.Index index)) {
      PulledImage single = start(image, top, listener, new HashMap<>(), null).finish();
      return new MultiPlatformImage(
          image.withDigest(single.manifestDigest()),
          Optional.empty(),
          List.of(new MultiPlatformImage.Entry(null, single)));
    }
    List<ParsedManifest.Entry> entries =
        index.manifests().stream().filter(ImagePuller::isPlatformImage).toList();
    if (entries.isEmpty()) {
      throw new ContentException(
          ContentException.Problem.INVALID,
          image.nameAndReference() + " is an index that lists no image with a platform");
    }
    List<Started> started = new ArrayList<>();
    // Platforms often share layers (a base image's scripts, a data layer): each is fetched once.
    Map<Digest, Future<Path>> layers = new HashMap<>();
    try {
      for (ParsedManifest.Entry entry : entries) {
        ManifestFetcher.Fetched child = manifests.child(image, entry.descriptor().digest());
        started.add(start(image, child, listener, layers, null));
      }
      List<MultiPlatformImage.Entry> images = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        images.add(
            new MultiPlatformImage.Entry(entries.get(i).platform(), started.get(i).finish()));
      }
      return new MultiPlatformImage(
          image.withDigest(top.raw().digest()), Optional.of(top.raw()), images);
    } finally {
      started.forEach(Started::cancel);
    }
  }

  /** Attestations (buildx provenance, SBOMs) say {@code unknown/unknown}; they are no image. */
  private static boolean isPlatformImage(ParsedManifest.Entry entry) {
    Platform platform = entry.platform();
    return platform != null && !platform.architecture().equals("unknown");
  }

  private Started start(
      ImageReference image,
      ManifestFetcher.Fetched fetched,
      TransferListener listener,
      Map<Digest, Future<Path>> started,
      @Nullable LayerReceiver receiver) {
    if (!(fetched.parsed() instanceof ParsedManifest.Image manifest)) {
      throw new ContentException(
          ContentException.Problem.UNSUPPORTED,
          image.nameAndReference() + " is an index where an image manifest was expected");
    }
    requireSensibleConfig(manifest.config());
    if (receiver != null) {
      try {
        receiver.layers(manifest.layers());
      } catch (IOException e) {
        throw new LocalException(
            LocalException.Kind.OUTPUT,
            "the receiver of " + image.nameAndReference() + " refused its layers: " + e,
            e);
      }
    }
    return new Started(
        image,
        fetched,
        manifest,
        listener,
        startLayers(image.repository(), manifest.layers(), listener, started, receiver));
  }

  /** An image whose layers are downloading; {@link #finish} waits for them. */
  private final class Started {
    private final ImageReference image;
    private final ManifestFetcher.Fetched fetched;
    private final ParsedManifest.Image manifest;
    private final TransferListener listener;
    private final List<Future<Path>> downloads;

    Started(
        ImageReference image,
        ManifestFetcher.Fetched fetched,
        ParsedManifest.Image manifest,
        TransferListener listener,
        List<Future<Path>> downloads) {
      this.image = image;
      this.fetched = fetched;
      this.manifest = manifest;
      this.listener = listener;
      this.downloads = downloads;
    }

    PulledImage finish() {
      try {
        // The small config is fetched meanwhile on this thread, rather than holding up the layers
        // for a round trip.
        byte[] config = config(image.repository(), manifest.config(), listener);
        List<Path> paths = Tasks.awaitAll(downloads, "pull of " + image.nameAndReference());
        List<PulledImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
          layers.add(new PulledImage.Layer(manifest.layers().get(i), paths.get(i)));
        }
        FetchedManifest raw = fetched.raw();
        return new PulledImage(
            image.withDigest(raw.digest()),
            raw.mediaType(),
            raw.bytes(),
            manifest.config(),
            config,
            layers);
      } finally {
        cancel();
      }
    }

    void cancel() {
      downloads.forEach(f -> f.cancel(true));
    }
  }

  /**
   * The config bytes, verified. They go through the cache like any blob, so a re-pull fetches
   * nothing.
   */
  byte[] config(String repository, Descriptor config, TransferListener listener) {
    requireSensibleConfig(config);
    Path path = blobs.fetch(repository, config, listener);
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new LocalException(
          LocalException.Kind.CACHE,
          "reading cached config " + path + " failed: " + e.getMessage(),
          e);
    }
  }

  private static void requireSensibleConfig(Descriptor config) {
    if (config.size() > MAX_CONFIG_BYTES) {
      throw new ContentException(
          ContentException.Problem.TOO_LARGE,
          "config "
              + config.digest()
              + " declares "
              + config.size()
              + " bytes; configs over 16 MiB are refused");
    }
  }

  /**
   * Submits every layer download, the largest first: with fewer threads than layers, a big layer
   * started last would finish alone while the other threads idle. A layer listed twice, or already
   * in {@code started} for another platform, is fetched once: by digest, since the same blob may be
   * described with another media type. The futures are in manifest order.
   */
  private List<Future<Path>> startLayers(
      String repository,
      List<Descriptor> layers,
      TransferListener listener,
      Map<Digest, Future<Path>> started,
      @Nullable LayerReceiver receiver) {
    layers.stream()
        .sorted(Comparator.comparingLong(Descriptor::size).reversed())
        .forEach(
            layer ->
                started.computeIfAbsent(
                    layer.digest(),
                    digest ->
                        layerPool.submit(
                            () -> blobs.fetch(repository, layer, listener, receiver))));
    return layers.stream().map(layer -> started.get(layer.digest())).toList();
  }
}
