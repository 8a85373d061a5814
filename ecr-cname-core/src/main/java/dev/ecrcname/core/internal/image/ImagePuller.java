package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Resolves a reference to one image manifest, then fetches its config and layers, layers in
 * parallel.
 */
final class ImagePuller {
  /** Configs are small JSON; a bigger one is a hostile or broken registry. */
  private static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

  private final String registry;
  private final ManifestFetcher manifests;
  private final BlobDownloader blobs;
  private final ExecutorService layerPool;

  ImagePuller(
      String registry, ManifestFetcher manifests, BlobDownloader blobs, ExecutorService layerPool) {
    this.registry = registry;
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
    ManifestFetcher.Fetched child =
        manifests.fetch(new ImageReference(null, image.repository(), null, chosen.digest()));
    if (child.parsed() instanceof ParsedManifest.Index) {
      throw new ContentException(
          ContentException.Problem.UNSUPPORTED,
          image.nameAndReference() + " nests an index inside an index");
    }
    return child;
  }

  PulledImage pull(ImageReference image, Platform platform, TransferListener listener) {
    ManifestFetcher.Fetched fetched = resolve(image, platform);
    ParsedManifest.Image manifest = (ParsedManifest.Image) fetched.parsed();
    requireSensibleConfig(manifest.config());
    String repository = image.repository();
    List<Future<Path>> downloads = startLayers(repository, manifest.layers(), listener);
    try {
      // The small config is fetched meanwhile on this thread, rather than holding up the layers for
      // a round trip.
      byte[] config = config(repository, manifest.config(), listener);
      List<Path> paths = Tasks.awaitAll(downloads, "pull of " + image.nameAndReference());
      List<PulledImage.Layer> layers = new ArrayList<>();
      for (int i = 0; i < paths.size(); i++) {
        layers.add(new PulledImage.Layer(manifest.layers().get(i), paths.get(i)));
      }
      FetchedManifest raw = fetched.raw();
      return new PulledImage(
          registry,
          repository,
          image.reference(),
          raw.digest(),
          raw.mediaType(),
          raw.bytes(),
          manifest.config(),
          config,
          layers);
    } finally {
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
      throw new EcrCnameException(
          "reading cached config " + path + " failed: " + e.getMessage(), e);
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
   * started last would finish alone while the other threads idle. A layer listed twice is fetched
   * once. The futures are in manifest order.
   */
  private List<Future<Path>> startLayers(
      String repository, List<Descriptor> layers, TransferListener listener) {
    Map<Descriptor, Future<Path>> started = new HashMap<>();
    layers.stream()
        .distinct()
        .sorted(Comparator.comparingLong(Descriptor::size).reversed())
        .forEach(
            layer ->
                started.put(
                    layer, layerPool.submit(() -> blobs.fetch(repository, layer, listener))));
    return layers.stream().map(started::get).toList();
  }
}
