package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Places the distinct layers of the images under {@code blobs/sha256/}, in order of first use,
 * decompressed and verified in parallel: straight into their place in a tarball when their sizes
 * can be predicted ({@link DirectLayers}), otherwise through temp files that are then copied in
 * ({@link StoredLayer}). Either way the entries and their bytes are the same, however the work was
 * scheduled. {@link MetadataWriter} then asks for each layer as stored.
 */
final class LayerPlacement implements MetadataWriter.Layers {
  private final List<ImagePlan> plans;
  private final WriteOptions options;
  private final Path tempDir;
  private final ExecutorService pool;
  private final Set<String> written;

  /** Cached blobs the pull did not hash: hashed here, on the read that decompresses them. */
  private final Set<Digest> unhashed;

  private LayerJobs jobs;

  LayerPlacement(
      List<ImagePlan> plans,
      WriteOptions options,
      Path tempDir,
      ExecutorService pool,
      Set<String> written,
      Set<Digest> unhashed) {
    this.plans = plans;
    this.options = options;
    this.tempDir = tempDir;
    this.pool = pool;
    this.written = written;
    this.unhashed = unhashed;
    this.jobs = new LayerJobs(pool);
  }

  /** Into a tarball: in place when possible, else through temp files. */
  void placeInTar(FileChannel channel, TarWriter tar) throws IOException, InterruptedException {
    if (!placeInPlace(channel)) {
      placeThroughTempFiles(tar);
    }
  }

  /**
   * The fast path ({@link DirectLayers}): uncompressed layers decompressed in parallel straight
   * into the output. Returns false, with the channel as it was, when it does not apply or a layer's
   * size hint missed.
   */
  private boolean placeInPlace(FileChannel channel) throws IOException, InterruptedException {
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
                        use.plan().what(use.index()),
                        unhashed(use.plan().image().layers().get(use.index())))));
    Path keptDir = options.uncompressedLayerCache();
    Optional<DirectLayers> direct =
        DirectLayers.plan(
            channel, sources, keptDir != null ? new UncompressedLayers(keptDir) : null);
    if (direct.isEmpty()) {
      return false;
    }
    direct.get().submitTo(jobs);
    if (direct.get().finish(jobs)) {
      sources.forEach(source -> written.add(BlobPaths.SHA256 + source.diffId().hex()));
      return true;
    }
    jobs = new LayerJobs(pool);
    channel.truncate(start);
    channel.position(start);
    return false;
  }

  /**
   * Prepares layers in parallel into temp files (or takes plain blobs as they are), then copies
   * them in order, each checked against its digest as it is copied.
   */
  void placeThroughTempFiles(LayoutSink sink) throws IOException, InterruptedException {
    distinctLayers()
        .forEach((key, use) -> jobs.submit(key, () -> prepare(use.plan(), use.index())));
    for (String key : jobs.keys()) {
      StoredLayer layer = jobs.await(key);
      if (written.add(BlobPaths.SHA256 + layer.digest().hex())) {
        sink.file(
            BlobPaths.SHA256 + layer.digest().hex(), layer.file(), layer.size(), layer.digest());
      }
    }
  }

  @Override
  public StoredLayer stored(ImagePlan plan, int layer) throws IOException, InterruptedException {
    return jobs.await(key(plan, layer));
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
        : StoredLayer.uncompressed(
            pulled.blob(), plan.diffId(layer), tempDir, plan.what(layer), unhashed(pulled));
  }

  private @Nullable Digest unhashed(PulledImage.Layer layer) {
    Digest digest = layer.descriptor().digest();
    return unhashed.contains(digest) ? digest : null;
  }
}
