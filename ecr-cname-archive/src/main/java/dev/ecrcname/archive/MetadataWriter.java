package dev.ecrcname.archive;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what describes the placed layers: each image's config and manifest blobs, a multi-platform
 * image's index blob, the legacy layer directories and {@code <config>.json} links, then {@code
 * index.json}, {@code manifest.json}, {@code oci-layout} and {@code repositories}. The Docker parts
 * are left out of the {@link WriteOptions.Format#OCI} format and of a layout directory. {@link
 * LayerPlacement} has placed the layers before.
 */
final class MetadataWriter {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataWriter.class);

  /** Each image's layers as stored, once they are placed. */
  @FunctionalInterface
  interface Layers {
    StoredLayer stored(ImagePlan plan, int layer) throws IOException, InterruptedException;
  }

  private final List<ImagePlan> plans;
  private final @Nullable MultiPlatformImage multi;
  private final WriteOptions options;
  private final boolean directory;
  private final Layers layers;

  /** Entries already in the output (shared with the layer placement), each written once. */
  private final Set<String> written;

  MetadataWriter(
      List<ImagePlan> plans,
      @Nullable MultiPlatformImage multi,
      WriteOptions options,
      boolean directory,
      Layers layers,
      Set<String> written) {
    this.plans = plans;
    this.multi = multi;
    this.options = options;
    this.directory = directory;
    this.layers = layers;
    this.written = written;
  }

  /** Whether the Docker v1.2 parts go in: a tarball in the Docker format. */
  private boolean dockerParts() {
    return !directory && options.format() == WriteOptions.Format.DOCKER;
  }

  /**
   * Writes every image's config and manifest blobs, then the metadata files, and ends the output.
   */
  void write(LayoutSink tar) throws IOException, InterruptedException {
    List<ArchiveJson.IndexEntry> index = new ArrayList<>();
    List<ArchiveJson.ManifestItem> items = new ArrayList<>();
    List<Descriptor> manifests = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ImagePlan plan : plans) {
      List<StoredLayer> stored = storedLayers(plan);
      blob(tar, plan.configDigest(), plan.image().configBytes());
      Descriptor manifest = writeManifest(tar, plan, stored);
      manifests.add(manifest);
      // The same image given twice under the same name is listed once, as docker save does.
      if (multi == null
          && seen.add(
              manifest.digest() + " " + plan.name().map(ImageReference::toString).orElse(""))) {
        index.add(new ArchiveJson.IndexEntry(manifest, plan.name(), plan.config().platform()));
        items.add(manifestItem(plan, stored));
      }
    }
    List<ImagePlan> loadable = plans;
    if (multi != null) {
      Descriptor imageIndex = writeImageIndex(tar, multi, manifests);
      index.add(new ArchiveJson.IndexEntry(imageIndex, plans.get(0).name(), Optional.empty()));
      ImagePlan chosen = plans.get(loadedByDocker20(multi));
      items.add(manifestItem(chosen, storedLayers(chosen)));
      loadable = List.of(chosen);
    }
    if (dockerParts()) {
      writeLegacyDirectories(tar, loadable);
      for (ImagePlan plan : loadable) {
        String hex = plan.configDigest().hex();
        if (written.add(hex + ".json")) {
          tar.symlink(hex + ".json", BlobPaths.SHA256 + hex);
        }
      }
    }
    tar.file("index.json", ArchiveJson.index(index));
    if (dockerParts()) {
      tar.file("manifest.json", ArchiveJson.dockerManifest(items));
    }
    tar.file("oci-layout", ArchiveJson.OCI_LAYOUT);
    Map<String, Map<String, String>> repositories = repositories(loadable);
    if (dockerParts() && !repositories.isEmpty()) {
      tar.file("repositories", ArchiveJson.repositories(repositories));
    }
    tar.finish();
  }

  /**
   * The index blob: the pulled one byte for byte when it lists exactly the manifests stored (so its
   * digest, the multi-platform image's identity, survives), else an OCI index of the stored
   * manifests, each with its config's platform.
   */
  private Descriptor writeImageIndex(
      LayoutSink tar, MultiPlatformImage image, List<Descriptor> manifests) throws IOException {
    FetchedManifest pulled = image.index().orElseThrow();
    byte[] original = pulled.bytes();
    if (pulled.digest().equals(Digest.sha256(original))
        && ArchiveJson.indexDigests(original)
            .equals(manifests.stream().map(Descriptor::digest).toList())) {
      blob(tar, pulled.digest(), original);
      return new Descriptor(pulled.mediaType(), pulled.digest(), original.length);
    }
    List<ArchiveJson.IndexEntry> entries = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      entries.add(
          new ArchiveJson.IndexEntry(
              manifests.get(i), Optional.empty(), plans.get(i).config().platform()));
    }
    byte[] synthesised = ArchiveJson.index(entries);
    Digest digest = Digest.sha256(synthesised);
    blob(tar, digest, synthesised);
    return new Descriptor(MediaTypes.OCI_INDEX, digest, synthesised.length);
  }

  /**
   * The image {@code manifest.json} lists: Docker 20.10 reads nothing else, and loads every image
   * listed under the same name, the last one winning. So it lists one: the options' load platform
   * (this machine's by default), else the first, with a warning.
   */
  private int loadedByDocker20(MultiPlatformImage image) {
    Platform wanted = options.loadPlatform();
    for (int i = 0; i < image.images().size(); i++) {
      Platform platform = image.images().get(i).platform();
      if (platform != null
          && wanted.matches(platform.os(), platform.architecture(), platform.variant())) {
        return i;
      }
    }
    if (dockerParts()) {
      LOG.warn(
          "{} has no image for {}; manifest.json lists {}, which is what Docker 20.10 will load",
          image,
          wanted,
          image.platforms().get(0));
    }
    return 0;
  }

  private List<StoredLayer> storedLayers(ImagePlan plan) throws IOException, InterruptedException {
    List<StoredLayer> stored = new ArrayList<>();
    for (int i = 0; i < plan.image().layers().size(); i++) {
      stored.add(layers.stored(plan, i));
    }
    return stored;
  }

  /**
   * The manifest that {@code index.json} points to. It must describe the blobs as stored, so the
   * registry's manifest (which describes compressed blobs) is kept only in compressed mode and when
   * it matches; otherwise an OCI manifest is synthesised, as Docker 25 does. The config is
   * referenced unchanged either way.
   */
  private Descriptor writeManifest(LayoutSink tar, ImagePlan plan, List<StoredLayer> stored)
      throws IOException {
    if (options.compressedLayers() && plan.originalManifestDescribes(stored)) {
      byte[] original = plan.image().manifest();
      blob(tar, plan.image().manifestDigest(), original);
      return new Descriptor(
          plan.image().manifestMediaType(), plan.image().manifestDigest(), original.length);
    }
    List<Descriptor> layers = stored.stream().map(StoredLayer::descriptor).toList();
    byte[] synthesised = ArchiveJson.ociManifest(plan.configDescriptor(), layers);
    Digest digest = Digest.sha256(synthesised);
    blob(tar, digest, synthesised);
    return new Descriptor(MediaTypes.OCI_MANIFEST, digest, synthesised.length);
  }

  private ArchiveJson.ManifestItem manifestItem(ImagePlan plan, List<StoredLayer> stored) {
    List<String> layers =
        stored.stream().map(layer -> BlobPaths.SHA256 + layer.digest().hex()).toList();
    Map<String, Descriptor> sources = new TreeMap<>();
    for (int i = 0; i < stored.size(); i++) {
      Descriptor pulled = plan.image().layers().get(i).descriptor();
      if (pulled.isForeign()) {
        sources.put(plan.diffId(i).toString(), pulled);
      }
    }
    List<String> repoTags =
        plan.name().map(name -> List.of(DockerNames.familiar(name))).orElse(List.of());
    return new ArchiveJson.ManifestItem(
        BlobPaths.SHA256 + plan.configDigest().hex(), repoTags, layers, sources);
  }

  /**
   * One {@code <id>/} directory per distinct layer stack, id = chain ID hex (see {@link
   * ImagePlan#legacyIds}), whose {@code layer.tar} is a relative symlink to the blob, so each
   * layer's bytes are stored once. The first image to use a stack decides which blob the link
   * names; any blob with that diff_id is an equally valid answer.
   */
  private void writeLegacyDirectories(LayoutSink tar, List<ImagePlan> loadable)
      throws IOException, InterruptedException {
    for (ImagePlan plan : loadable) {
      List<String> ids = plan.legacyIds();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        if (!written.add(id + "/")) {
          continue;
        }
        tar.directory(id + "/");
        tar.file(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
        tar.file(
            id + "/json",
            ArchiveJson.legacyLayer(id, i == 0 ? Optional.empty() : Optional.of(ids.get(i - 1))));
        tar.symlink(
            id + "/layer.tar", "../" + BlobPaths.SHA256 + layers.stored(plan, i).digest().hex());
      }
    }
  }

  /**
   * The legacy {@code repositories} file: familiar repository, tag, top layer id; layerless images
   * left out.
   */
  private static Map<String, Map<String, String>> repositories(List<ImagePlan> loadable) {
    Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
    for (ImagePlan plan : loadable) {
      List<String> ids = plan.legacyIds();
      if (plan.name().isPresent() && !ids.isEmpty()) {
        ImageReference name = plan.name().get();
        repositories
            .computeIfAbsent(
                DockerNames.familiarRepository(name), repository -> new LinkedHashMap<>())
            .put(name.tag(), ids.get(ids.size() - 1));
      }
    }
    return repositories;
  }

  private void blob(LayoutSink tar, Digest digest, byte[] content) throws IOException {
    if (written.add(BlobPaths.SHA256 + digest.hex())) {
      tar.file(BlobPaths.SHA256 + digest.hex(), content);
    }
  }
}
