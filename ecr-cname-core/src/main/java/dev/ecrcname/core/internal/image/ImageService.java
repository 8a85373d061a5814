package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.BlobStream;
import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.CopyResult;
import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.LayerCache;
import dev.ecrcname.core.LayerReceiver;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.PushOptions;
import dev.ecrcname.core.PushResult;
import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.core.TagPage;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.internal.blob.BlobCache;
import dev.ecrcname.core.internal.blob.BlobDownloader;
import dev.ecrcname.core.internal.blob.BlobUploader;
import dev.ecrcname.core.internal.blob.CacheHousekeeping;
import dev.ecrcname.core.internal.blob.LayerCompressor;
import dev.ecrcname.core.internal.blob.VerifyingStream;
import dev.ecrcname.core.internal.http.HttpClients;
import dev.ecrcname.core.internal.http.RegistryEndpoint;
import dev.ecrcname.core.internal.http.RetryPolicy;
import dev.ecrcname.core.internal.manifest.ManifestParser;
import dev.ecrcname.core.internal.manifest.ParsedManifest;
import dev.ecrcname.core.internal.ops.BlobLocation;
import dev.ecrcname.core.internal.ops.BlobOpen;
import dev.ecrcname.core.internal.ops.ManifestGet;
import dev.ecrcname.core.internal.ops.ReferrersGet;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import dev.ecrcname.core.internal.ops.TagsPage;
import dev.ecrcname.core.internal.ops.TagsQuery;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Everything behind one {@link dev.ecrcname.core.RegistryClient}, wired once: the OkHttp client
 * with the CNAME hooks, the one caller, the cache, and the pull, push and tag operations on the
 * layer pool. The client's only way in.
 */
public final class ImageService implements AutoCloseable {

  /** What a client was built with. */
  public record Settings(
      URI endpoint,
      @Nullable RegistryHost registryHost,
      CredentialsProvider credentials,
      HttpClients.Settings http,
      @Nullable Path cacheDirectory,
      int parallelism,
      RetryPolicy retry,
      boolean allowInsecureHttp,
      boolean followForeignUrls) {}

  private final RegistryEndpoint endpoint;
  private final OkHttpClient http;
  private final ExecutorService layerPool;
  private final ManifestFetcher manifests;
  private final ImagePuller puller;
  private final ImagePusher pusher;
  private final TagLister tags;
  private final ManifestEditor editor;
  private final ImageCopier.Side side;
  private final RegistryCaller caller;
  private final BlobCache cache;
  private final BlobDownloader downloader;
  private volatile boolean closed;

  private static final String OCTET_STREAM = "application/octet-stream";

  public ImageService(Settings settings) {
    HttpUrl cname = HttpClients.endpointUrl(settings.endpoint(), settings.allowInsecureHttp());
    this.endpoint = new RegistryEndpoint(cname, registryHost(settings, cname));
    this.http = HttpClients.create(endpoint, settings.credentials(), settings.http());
    this.caller = new RegistryCaller(http, endpoint, settings.retry(), settings.http());
    this.layerPool = Executors.newFixedThreadPool(settings.parallelism(), daemonThreads("layer"));
    Path cacheDirectory = settings.cacheDirectory();
    BlobCache cache =
        new BlobCache(cacheDirectory != null ? cacheDirectory : BlobCache.defaultDirectory());
    this.cache = cache;
    this.manifests = new ManifestFetcher(caller);
    this.downloader = new BlobDownloader(caller, cache, settings.followForeignUrls());
    this.puller = new ImagePuller(manifests, downloader, layerPool);
    this.pusher = new ImagePusher(caller, new LayerCompressor(cache), layerPool);
    this.tags = new TagLister(caller);
    this.editor = new ManifestEditor(caller, manifests);
    this.side = new ImageCopier.Side(caller, manifests, new BlobUploader(caller), layerPool);
  }

  /**
   * The registry host, resolved once, in the order the builder documents: the one given, else the
   * one the credentials name (an ECR token's {@code proxyEndpoint}), else the endpoint's host.
   */
  private static RegistryHost registryHost(Settings settings, HttpUrl cname) {
    RegistryHost given = settings.registryHost();
    if (given != null) {
      return given;
    }
    return settings.credentials().registryHost().orElseGet(() -> RegistryHost.of(cname.uri()));
  }

  /** Housekeeping of the cache in {@code directory}, or in the default one when null. */
  public static LayerCache layerCache(@Nullable Path directory) {
    return new CacheHousekeeping(
        directory != null ? directory : BlobCache.defaultDirectory(), Clock.systemUTC());
  }

  public RegistryHost registryHost() {
    return endpoint.registryHost();
  }

  public String cname() {
    return endpoint.cname().toString();
  }

  public PulledImage pull(ImageReference image, Platform platform, TransferListener listener) {
    ensureOpen();
    try {
      return puller.pull(endpoint.address(image), platform, listener, null);
    } catch (RejectedExecutionException e) {
      throw closedError(e); // closed while this pull was starting its layers
    }
  }

  public PulledImage pull(
      ImageReference image, Platform platform, TransferListener listener, LayerReceiver receiver) {
    ensureOpen();
    try {
      return puller.pull(endpoint.address(image), platform, listener, receiver);
    } catch (RejectedExecutionException e) {
      throw closedError(e); // closed while this pull was starting its layers
    }
  }

  public MultiPlatformImage pullAllPlatforms(ImageReference image, TransferListener listener) {
    ensureOpen();
    try {
      return puller.pullAllPlatforms(endpoint.address(image), listener);
    } catch (RejectedExecutionException e) {
      throw closedError(e);
    }
  }

  public PushResult push(ImageReference target, ImageSource source, PushOptions options) {
    ensureOpen();
    requirePushTarget(target);
    try {
      return pusher.push(endpoint.address(target), source, options);
    } catch (RejectedExecutionException e) {
      throw closedError(e);
    }
  }

  /** Pushes each image by digest, then an index of them under the target's tag. */
  public PushResult pushIndex(
      ImageReference target, List<? extends ImageSource> images, PushOptions options) {
    ensureOpen();
    requirePushTarget(target);
    try {
      return pusher.pushIndex(endpoint.address(target), images, options);
    } catch (RejectedExecutionException e) {
      throw closedError(e);
    }
  }

  private static void requirePushTarget(ImageReference target) {
    if (target.tag() == null || target.byDigest()) {
      throw new IllegalArgumentException(
          "push needs a tag and no digest, e.g. app/small:1.0; got " + target);
    }
  }

  /**
   * A pulled image as push input, read from the verified blobs it holds, for {@code platform} when
   * an index named one.
   */
  public ImageSource source(PulledImage image, @Nullable Platform platform) {
    return new PulledImageSource(image, platform);
  }

  /** Pushes a pulled image from the verified blobs it holds. */
  public PushResult push(ImageReference target, PulledImage image, PushOptions options) {
    ensureOpen();
    requirePushTarget(target);
    return pusher.push(endpoint.address(target), new PulledImageSource(image), options);
  }

  public List<String> listTags(ImageReference repository) {
    ensureOpen();
    if (repository.tag() != null || repository.byDigest()) {
      throw new IllegalArgumentException(
          "listing tags takes a repository without a tag or digest, e.g. app/small; got "
              + repository);
    }
    return tags.list(endpoint.address(repository).repository());
  }

  public FetchedManifest manifest(ImageReference image) {
    ensureOpen();
    return manifests.fetch(endpoint.address(image)).raw();
  }

  /** The manifest as served for {@code accept}, verified, unparsed (a mirror passes it on). */
  public FetchedManifest manifest(ImageReference image, List<String> accept) {
    ensureOpen();
    ManifestGet.Bytes got = caller.call(new ManifestGet(image, accept));
    String type = got.contentType();
    String mediaType =
        type != null && !type.isBlank()
            ? type.split(";", 2)[0].trim()
            : ManifestParser.parse(got.bytes(), null, image.nameAndReference()).mediaType();
    return new FetchedManifest(got.digest(), mediaType, got.bytes());
  }

  /**
   * A blob, or bytes {@code first..last} of it (last -1: to the end), open; whole ones verified.
   */
  public BlobStream openBlob(ImageReference blob, long first, long last) {
    ensureOpen();
    Digest digest = requireDigest(blob);
    BlobOpen open = new BlobOpen(blob.repository(), digest, first, last);
    BlobOpen.Opened opened = caller.open(open);
    InputStream in = opened.stream();
    if (opened.offset() == 0 && (!open.ranged() || opened.length() == opened.size())) {
      in = new VerifyingStream(in, digest, opened.size(), open.description());
    }
    return new BlobStream(digest, opened.offset(), opened.length(), opened.size(), in);
  }

  /**
   * The verified blob in the layer cache (every hit re-hashed), downloaded on a miss; its size is
   * asked of the registry with a one-byte range first, since a blob's name does not carry it.
   */
  public Path cachedBlob(ImageReference blob) {
    Optional<Path> hit = cachedBlobIfPresent(blob);
    if (hit.isPresent()) {
      return hit.get();
    }
    Digest digest = requireDigest(blob);
    long size;
    try (BlobStream probe = openBlob(blob, 0, 0)) {
      size = probe.size();
    }
    if (size < 0) {
      throw new ContentException(
          ContentException.Problem.INVALID,
          "blob " + digest + " of " + blob.repository() + ": the registry did not say its size");
    }
    return downloader.fetch(
        blob.repository(), new Descriptor(OCTET_STREAM, digest, size), TransferListener.NONE);
  }

  /** The verified blob when the layer cache holds it (re-hashed); empty, asking nobody, if not. */
  public Optional<Path> cachedBlobIfPresent(ImageReference blob) {
    ensureOpen();
    Digest digest = requireDigest(blob);
    long onDisk = regularFileSize(cache.path(digest));
    return onDisk < 0 ? Optional.empty() : cache.find(new Descriptor(OCTET_STREAM, digest, onDisk));
  }

  private static long regularFileSize(Path path) {
    try {
      return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.size(path) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Where the registry redirects a blob's GET (a presigned URL), or empty. */
  public Optional<URI> blobLocation(ImageReference blob) {
    ensureOpen();
    return caller.call(new BlobLocation(blob.repository(), requireDigest(blob)));
  }

  /** The referrers index of a manifest, as the registry generates it (its digest is ours). */
  public FetchedManifest referrers(ImageReference subject, @Nullable String artifactType) {
    ensureOpen();
    ManifestGet.Bytes got =
        caller.call(new ReferrersGet(subject.repository(), requireDigest(subject), artifactType));
    String type = got.contentType();
    return new FetchedManifest(
        got.digest(),
        type != null && !type.isBlank() ? type.split(";", 2)[0].trim() : MediaTypes.OCI_INDEX,
        got.bytes());
  }

  /** One page of tags, as a mirror's client asks for it. */
  public TagPage tagPage(String repository, int pageSize, @Nullable String last) {
    ensureOpen();
    TagsPage.Page page = caller.call(new TagsQuery(repository, pageSize, last));
    HttpUrl next = page.next();
    return new TagPage(page.tags(), next == null ? null : next.queryParameter("last"));
  }

  private static Digest requireDigest(ImageReference blob) {
    Digest digest = blob.digest();
    if (digest == null) {
      throw new IllegalArgumentException(
          "a blob is named by its digest, e.g. app/small@sha256:…; got " + blob);
    }
    return digest;
  }

  public Optional<Descriptor> head(ImageReference image) {
    ensureOpen();
    return manifests.head(endpoint.address(image));
  }

  public Digest tag(ImageReference image, String newTag) {
    ensureOpen();
    return editor.tag(endpoint.address(image), newTag);
  }

  public Digest delete(ImageReference image) {
    ensureOpen();
    return editor.delete(endpoint.address(image));
  }

  /**
   * Copies {@code source} of this registry to {@code target} of {@code to}'s registry, which may be
   * this one; {@code platform} null copies every child of an index.
   */
  public CopyResult copy(
      ImageReference source,
      ImageService to,
      ImageReference target,
      @Nullable Platform platform,
      TransferListener listener) {
    if (target.byDigest()) {
      throw new IllegalArgumentException(
          "copy needs a target repository with a tag or none, not a digest, e.g. app/copy:1.0; got "
              + target);
    }
    ensureOpen();
    to.ensureOpen();
    boolean sameRegistry = to.equals(this);
    return new ImageCopier(side, to.side, sameRegistry)
        .copy(endpoint.address(source), to.endpoint.address(target), platform, listener);
  }

  private void ensureOpen() {
    if (closed) {
      throw closedError(null);
    }
  }

  private static IllegalStateException closedError(@Nullable Exception cause) {
    return new IllegalStateException(
        "the RegistryClient is closed; build a new one to make more calls", cause);
  }

  public byte[] config(ImageReference image, Platform platform) {
    ensureOpen();
    var parsed = (ParsedManifest.Image) puller.resolve(endpoint.address(image), platform).parsed();
    return puller.config(image.repository(), parsed.config(), TransferListener.NONE);
  }

  @Override
  public void close() {
    closed = true;
    caller.close();
    layerPool.shutdownNow();
    http.dispatcher().cancelAll();
    try {
      // Give interrupted transfers a moment to delete their temp files before the caller moves on.
      layerPool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "ecr-cname-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
