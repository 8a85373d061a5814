package dev.ecrcname.archive;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes images as one tarball that is both a Docker image spec v1.2 archive ({@code
 * manifest.json}, {@code <id>/layer.tar}) and an OCI image layout ({@code index.json}, {@code
 * blobs/sha256/}), as Docker 25+ {@code docker save} does. Layers are decompressed and verified in
 * parallel, straight into their place in the output when their sizes can be predicted ({@link
 * DirectLayers}), otherwise into temp files next to the target that are then copied in ({@link
 * TarWriter}). Either way the entries come in a fixed order and the bytes are the same, however the
 * work was scheduled.
 *
 * <p>Entry order: the {@code blobs/} directories; layer blobs in order of first use; each image's
 * config and manifest blobs; for a multi-platform image, the index blob; the legacy layer
 * directories; the {@code <config>.json} links; {@code index.json}, {@code manifest.json}, {@code
 * oci-layout}, {@code repositories}. The Docker parts (legacy directories, links, {@code
 * manifest.json}, {@code repositories}) are left out of the {@link WriteOptions.Format#OCI} format
 * and of a layout directory.
 *
 * <p>A multi-platform image is written as its index: {@code index.json} names the index (kept byte
 * for byte when the archive stores every child exactly as pulled, otherwise an OCI index of the
 * manifests as stored), and {@code manifest.json} lists the one image Docker 20.10 can load: {@link
 * WriteOptions#loadPlatform()}'s if the index has it, else the first.
 */
final class ArchiveWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
  static final String BLOBS = "blobs/sha256/";
  private final List<ImagePlan> plans;

  /** The multi-platform image whose index is written, or null for images written side by side. */
  private final @Nullable MultiPlatformImage multi;

  private final WriteOptions options;
  private final boolean directory;
  private final Path tempDir;
  private final ExecutorService pool;
  private LayerJobs jobs;
  private final Set<String> written = new HashSet<>();

  private ArchiveWriter(
      List<ImagePlan> plans,
      @Nullable MultiPlatformImage multi,
      WriteOptions options,
      boolean directory,
      Path tempDir,
      ExecutorService pool) {
    this.plans = plans;
    this.multi = multi;
    this.options = options;
    this.directory = directory;
    this.tempDir = tempDir;
    this.pool = pool;
    this.jobs = new LayerJobs(pool);
  }

  static void write(List<PulledImage> images, Path target, WriteOptions options) {
    write(images, null, target, options, false);
  }

  /** Writes every platform of {@code image} with its index, as a tarball or a layout directory. */
  static void write(
      MultiPlatformImage image, Path target, WriteOptions options, boolean directory) {
    List<PulledImage> images =
        image.images().stream().map(MultiPlatformImage.Entry::image).toList();
    write(images, image.index().isPresent() ? image : null, target, options, directory);
  }

  /** Writes images side by side as an OCI layout directory. */
  static void writeLayout(List<PulledImage> images, Path target, WriteOptions options) {
    write(images, null, target, options, true);
  }

  private static void write(
      List<PulledImage> images,
      @Nullable MultiPlatformImage multi,
      Path target,
      WriteOptions options,
      boolean directory) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to write");
    }
    if (options.repoTag() != null && images.size() > 1 && multi == null) {
      throw new IllegalArgumentException(
          "repoTag names one image, but " + images.size() + " images were given");
    }
    List<ImagePlan> plans =
        images.stream().map(image -> ImagePlan.of(image, options.repoTag())).toList();
    TempArea.run(
        target,
        directory,
        options.parallelism(),
        (tempDir, pool, out) ->
            new ArchiveWriter(plans, multi, options, directory, tempDir, pool).writeTo(out));
  }

  private void writeTo(Path out) throws IOException, InterruptedException {
    if (directory) {
      LayoutDirectory layout = new LayoutDirectory(out);
      layout.directory(BLOBS);
      writeLayersThroughTempFiles(layout);
      writeMetadata(layout);
      return;
    }
    try (FileChannel channel =
        FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      TarWriter tar = new TarWriter(channel);
      tar.directory("blobs/");
      tar.directory(BLOBS);
      if (!writeLayersInPlace(channel)) {
        writeLayersThroughTempFiles(tar);
      }
      writeMetadata(tar);
    }
  }

  /** Whether the Docker v1.2 parts go in: a tarball in the Docker format. */
  private boolean dockerParts() {
    return !directory && options.format() == WriteOptions.Format.DOCKER;
  }

  /**
   * The fast path ({@link DirectLayers}): uncompressed layers decompressed in parallel straight
   * into the output. Returns false, with the channel as it was, when it does not apply or a layer's
   * size hint missed.
   */
  private boolean writeLayersInPlace(FileChannel channel) throws IOException, InterruptedException {
    if (options.compressedLayers()) {
      return false;
    }
    long start = channel.position();
    List<DirectLayers.Source> sources = new ArrayList<>();
    distinctLayers()
        .forEach(
            (key, use) ->
                sources.add(
                    new DirectLayers.Source(
                        key,
                        use.plan().image().layers().get(use.index()).blob(),
                        use.plan().diffId(use.index()),
                        use.plan().what(use.index()))));
    Path keptDir = options.uncompressedLayerCache();
    Optional<DirectLayers> direct =
        DirectLayers.plan(
            channel, sources, keptDir != null ? new UncompressedLayers(keptDir) : null);
    if (direct.isEmpty()) {
      return false;
    }
    direct.get().submitTo(jobs);
    if (direct.get().finish(jobs)) {
      sources.forEach(source -> written.add(BLOBS + source.diffId().hex()));
      return true;
    }
    jobs = new LayerJobs(pool);
    channel.truncate(start);
    channel.position(start);
    return false;
  }

  /**
   * Prepares layers in parallel into temp files (or takes plain blobs as they are), then copies
   * them in order.
   */
  private void writeLayersThroughTempFiles(LayoutSink tar)
      throws IOException, InterruptedException {
    distinctLayers()
        .forEach((key, use) -> jobs.submit(key, () -> prepare(use.plan(), use.index())));
    for (String key : jobs.keys()) {
      StoredLayer layer = jobs.await(key);
      if (written.add(BLOBS + layer.digest().hex())) {
        tar.file(BLOBS + layer.digest().hex(), layer.file(), layer.size());
      }
    }
  }

  /** A layer's first use: which image, which position. */
  private record Use(ImagePlan plan, int index) {}

  /** Distinct layers by key, in order of first use. */
  private Map<String, Use> distinctLayers() {
    Map<String, Use> distinct = new LinkedHashMap<>();
    for (ImagePlan plan : plans) {
      for (int i = 0; i < plan.image().layers().size(); i++) {
        distinct.putIfAbsent(key(plan, i), new Use(plan, i));
      }
    }
    return distinct;
  }

  /**
   * Layers are shared by what is stored: the diff_id when decompressing, the blob digest otherwise.
   */
  private String key(ImagePlan plan, int layer) {
    return options.compressedLayers()
        ? plan.image().layers().get(layer).descriptor().digest().toString()
        : plan.diffId(layer).toString();
  }

  private StoredLayer prepare(ImagePlan plan, int layer) throws IOException {
    PulledImage.Layer pulled = plan.image().layers().get(layer);
    return options.compressedLayers()
        ? StoredLayer.asPulled(pulled.blob(), pulled.descriptor(), plan.what(layer))
        : StoredLayer.uncompressed(pulled.blob(), plan.diffId(layer), tempDir, plan.what(layer));
  }

  private void writeMetadata(LayoutSink tar) throws IOException, InterruptedException {
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
          tar.symlink(hex + ".json", BLOBS + hex);
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
      stored.add(jobs.await(key(plan, i)));
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
    List<String> layers = stored.stream().map(layer -> BLOBS + layer.digest().hex()).toList();
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
        BLOBS + plan.configDigest().hex(), repoTags, layers, sources);
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
        tar.symlink(id + "/layer.tar", "../" + BLOBS + jobs.await(key(plan, i)).digest().hex());
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
    if (written.add(BLOBS + digest.hex())) {
      tar.file(BLOBS + digest.hex(), content);
    }
  }
}
