package dev.ecrcname.core;

import dev.ecrcname.core.blob.BlobDownloader;
import dev.ecrcname.core.manifest.ParsedManifest;
import dev.ecrcname.core.manifest.PlatformSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Resolves a reference to one image manifest, then fetches its config and layers, layers in parallel. */
final class ImagePuller {
  /** Configs are small JSON; a bigger one is a hostile or broken registry. */
  private static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

  private final String registry;
  private final ManifestFetcher manifests;
  private final BlobDownloader blobs;
  private final ExecutorService layerPool;
  private final boolean warmUpCrypto;

  ImagePuller(
      String registry,
      ManifestFetcher manifests,
      BlobDownloader blobs,
      ExecutorService layerPool,
      boolean warmUpCrypto) {
    this.registry = registry;
    this.manifests = manifests;
    this.blobs = blobs;
    this.layerPool = layerPool;
    this.warmUpCrypto = warmUpCrypto;
  }

  /** The image manifest for {@code platform}, following an index when the reference names one. */
  ManifestFetcher.Fetched resolve(String repository, String reference, Platform platform) {
    ManifestFetcher.Fetched top = manifests.fetch(repository, reference);
    if (!(top.parsed() instanceof ParsedManifest.Index index)) {
      return top;
    }
    String image = ManifestFetcher.describe(repository, reference);
    Descriptor chosen = PlatformSelector.select(index, platform, image);
    ManifestFetcher.Fetched child = manifests.fetch(repository, chosen.digest().toString());
    if (child.parsed() instanceof ParsedManifest.Index) {
      throw new RegistryException(
          0, RegistryException.ErrorCode.MANIFEST_INVALID, image + " nests an index inside an index");
    }
    return child;
  }

  PulledImage pull(String repository, String reference, Platform platform, TransferListener listener) {
    if (warmUpCrypto) {
      blobs.warmUp();
    }
    ManifestFetcher.Fetched fetched = resolve(repository, reference, platform);
    ParsedManifest.Image image = (ParsedManifest.Image) fetched.parsed();
    requireSensibleConfig(image.config());
    List<Future<Path>> downloads = startLayers(repository, image.layers(), listener);
    try {
      // The small config is fetched meanwhile on this thread, rather than holding up the layers for a round trip.
      byte[] config = config(repository, image.config(), listener);
      List<PulledImage.Layer> layers = awaitLayers(repository, image.layers(), downloads);
      FetchedManifest raw = fetched.raw();
      return new PulledImage(
          registry, repository, reference, raw.digest(), raw.mediaType(), raw.bytes(), image.config(), config, layers);
    } finally {
      downloads.forEach(f -> f.cancel(true));
    }
  }

  /** The config bytes, verified. They go through the cache like any blob, so a re-pull fetches nothing. */
  byte[] config(String repository, Descriptor config, TransferListener listener) {
    requireSensibleConfig(config);
    Path path = blobs.fetch(repository, config, listener);
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new EcrCnameException("reading cached config " + path + " failed: " + e.getMessage(), e);
    }
  }

  private static void requireSensibleConfig(Descriptor config) {
    if (config.size() > MAX_CONFIG_BYTES) {
      throw new RegistryException(
          0,
          RegistryException.ErrorCode.SIZE_INVALID,
          "config " + config.digest() + " declares " + config.size() + " bytes; configs over 16 MiB are refused");
    }
  }

  /**
   * Submits every layer download, the largest first: with fewer threads than layers, a big layer started last would
   * finish alone while the other threads idle. A layer listed twice is fetched once. The futures are in manifest order.
   */
  private List<Future<Path>> startLayers(String repository, List<Descriptor> layers, TransferListener listener) {
    Map<Descriptor, Future<Path>> started = new HashMap<>();
    layers.stream()
        .distinct()
        .sorted(Comparator.comparingLong(Descriptor::size).reversed())
        .forEach(layer -> started.put(layer, layerPool.submit(() -> blobs.fetch(repository, layer, listener))));
    return layers.stream().map(started::get).toList();
  }

  private static List<PulledImage.Layer> awaitLayers(
      String repository, List<Descriptor> layers, List<Future<Path>> futures) {
    List<PulledImage.Layer> pulled = new ArrayList<>();
    try {
      for (int i = 0; i < layers.size(); i++) {
        pulled.add(new PulledImage.Layer(layers.get(i), futures.get(i).get()));
      }
      return pulled;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EcrCnameException("pull of " + repository + " interrupted", e);
    } catch (ExecutionException e) {
      throw Tasks.unwrap(e);
    }
  }
}
