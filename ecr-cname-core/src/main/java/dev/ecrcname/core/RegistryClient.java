package dev.ecrcname.core;

import dev.ecrcname.core.internal.image.ImageService;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A client for one registry reached through a CNAME: it dials the endpoint, sends the real registry
 * host in the Host header, checks the TLS certificate against that host, and follows blob redirects
 * without leaking credentials.
 *
 * <pre>{@code
 * try (RegistryClient client = RegistryClient.builder()
 *         .endpoint(URI.create("https://docker-ecr.internal.example"))
 *         .registryHost("123456789012.dkr.ecr.us-east-1.amazonaws.com")
 *         .credentials(CredentialsProvider.basic("AWS", password))
 *         .build()) {
 *     PulledImage image = client.pull("app/small", "1.0");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Close it to release its connections and threads.
 */
public final class RegistryClient implements AutoCloseable {
  private final ImageService service;
  private final Platform platform;
  private final TransferListener listener;

  private final RegistryClientBuilder settings;
  private final PassThrough passThrough;

  RegistryClient(
      ImageService service,
      Platform platform,
      TransferListener listener,
      RegistryClientBuilder settings) {
    this.service = service;
    this.platform = platform;
    this.listener = listener;
    this.settings = settings;
    this.passThrough = new PassThrough(service);
  }

  /**
   * A builder; only {@link RegistryClientBuilder#endpoint} is required.
   *
   * @return a new builder
   */
  public static RegistryClientBuilder builder() {
    return new RegistryClientBuilder();
  }

  /**
   * A builder with this client's settings, to build another client that differs in some: {@code
   * client.toBuilder().transport(t -> t.withParallelism(8)).build()}. The credentials provider is
   * shared, as it was given.
   *
   * @return a new builder
   */
  public RegistryClientBuilder toBuilder() {
    return new RegistryClientBuilder(settings);
  }

  /**
   * The real registry host requests are addressed to, resolved when the client was built (see
   * {@link RegistryClientBuilder#registryHost(RegistryHost)}).
   *
   * @return e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}
   */
  public RegistryHost registryHost() {
    return service.registryHost();
  }

  /**
   * Pulls {@code repository} at a tag or {@code sha256:} digest, for the client's platform.
   *
   * @param repository e.g. {@code app/small}
   * @param reference a tag or a {@code sha256:} digest
   * @return the verified image, its layers in the cache
   */
  public PulledImage pull(String repository, String reference) {
    return pull(repository, reference, platform);
  }

  /**
   * Pulls {@code repository} at a tag or digest, for {@code platform}.
   *
   * @param repository e.g. {@code app/small}
   * @param reference a tag or a {@code sha256:} digest
   * @param platform the platform to pick from a multi-platform image
   * @return the verified image, its layers in the cache
   */
  public PulledImage pull(String repository, String reference, Platform platform) {
    return pull(ImageReference.of(repository, reference), platform, listener);
  }

  /**
   * Pulls the image {@code image} names. A reference may name this client's registry host or its
   * endpoint's host, or none.
   *
   * @param image the repository and tag or digest
   * @return the verified image, its layers in the cache
   * @throws ForeignRegistryException when {@code image} names another registry
   */
  public PulledImage pull(ImageReference image) {
    return pull(image, platform, listener);
  }

  /**
   * Pulls the image {@code image} names, for {@code platform}, reporting to {@code listener}.
   *
   * @param image the repository and tag or digest
   * @param platform the platform to pick from a multi-platform image
   * @param listener progress of the layer downloads
   * @return the verified image, its layers in the cache
   */
  public PulledImage pull(ImageReference image, Platform platform, TransferListener listener) {
    return service.pull(image, platform, listener);
  }

  /**
   * Pulls the image {@code image} names, for the client's platform, handing each layer's bytes to
   * {@code receiver} as they are downloaded or read from the cache, on the same pass that verifies
   * them; the archive module's {@code DockerArchive.pull} writes a tarball this way.
   *
   * @param image the repository and tag or digest
   * @param receiver where each layer's bytes go besides the cache
   * @return the verified image, its layers in the cache
   */
  public PulledImage pull(ImageReference image, LayerReceiver receiver) {
    return service.pull(image, platform, listener, receiver);
  }

  /**
   * Pulls every platform's image of the index {@code image} names, with the index, as {@code docker
   * pull --all-platforms} and {@code skopeo copy --all} do. The layers of all platforms download
   * together, each verified against its digest. A reference to a single image gives that one image
   * and no index.
   *
   * @param image the repository and tag or digest
   * @return the index and every image, their layers in the cache
   * @throws ContentException when the index nests another index or lists no platform
   */
  public MultiPlatformImage pullAllPlatforms(ImageReference image) {
    return pullAllPlatforms(image, listener);
  }

  /**
   * As {@link #pullAllPlatforms(ImageReference)}, reporting to {@code listener}.
   *
   * @param image the repository and tag or digest
   * @param listener progress of the layer downloads
   * @return the index and every image, their layers in the cache
   */
  public MultiPlatformImage pullAllPlatforms(ImageReference image, TransferListener listener) {
    return service.pullAllPlatforms(image, listener);
  }

  /**
   * Pushes one image per platform (e.g. {@code DockerArchive.readPlatforms(path)}) and then an
   * index of them under {@code target}'s tag: an OCI index, or a Docker manifest list for the
   * default {@link ManifestFormat#DOCKER_V2S2}. Each image goes by digest first, and the tag moves
   * only once every image is in. Each entry's platform is the image's {@link
   * ImageSource#platform()}, else the one its config declares.
   *
   * @param target the repository and tag, without a digest
   * @param images one image per platform
   * @param options format, mounts and listener
   * @return the index's digest (also as {@code imageId}) and what moved for all images
   * @throws IllegalArgumentException when {@code target} has no tag, {@code images} is empty, or
   *     two images are for the same platform
   */
  public PushResult pushIndex(
      ImageReference target, List<? extends ImageSource> images, PushOptions options) {
    return service.pushIndex(target, images, options);
  }

  /**
   * Pushes every image of a multi-platform pull and an index of them under {@code target}'s tag; a
   * pull of a single image is pushed as that image. The config bytes go unchanged, so each image ID
   * stays.
   *
   * @param target where to push, with a tag
   * @param image what {@link #pullAllPlatforms(ImageReference)} returned, here or on another client
   * @param options how to push
   * @return what the push did; for an index, the index's digest
   */
  public PushResult push(ImageReference target, MultiPlatformImage image, PushOptions options) {
    if (image.index().isEmpty()) {
      return push(target, image.images().get(0).image(), options);
    }
    return service.pushIndex(
        target,
        image.images().stream()
            .map(entry -> service.source(entry.image(), entry.platform()))
            .toList(),
        options);
  }

  /**
   * Pushes an image (e.g. {@code DockerArchive.read(path)}) as {@code repository:tag}, Docker v2s2
   * by default. Blobs the registry has are skipped; the manifest goes last.
   *
   * @param repository e.g. {@code app/copy}
   * @param tag e.g. {@code 1.0}
   * @param source the image's config and layers
   * @return the pushed manifest's digest and what moved
   */
  public PushResult push(String repository, String tag, ImageSource source) {
    return push(repository, tag, source, PushOptions.builder().listener(listener).build());
  }

  /**
   * Pushes an image as {@code repository:tag} with {@code options}.
   *
   * @param repository e.g. {@code app/copy}
   * @param tag e.g. {@code 1.0}; not a digest
   * @param source the image's config and layers
   * @param options format, mounts and listener
   * @return the pushed manifest's digest and what moved
   * @throws IllegalArgumentException when {@code tag} is a digest
   */
  public PushResult push(String repository, String tag, ImageSource source, PushOptions options) {
    return push(ImageReference.of(repository, tag), source, options);
  }

  /**
   * Pushes under {@code target}'s tag.
   *
   * @param target the repository and tag, without a digest
   * @param source the image's config and layers
   * @param options format, mounts and listener
   * @return the pushed manifest's digest and what moved
   * @throws IllegalArgumentException when {@code target} has no tag or has a digest
   */
  public PushResult push(ImageReference target, ImageSource source, PushOptions options) {
    return service.push(target, source, options);
  }

  /**
   * Pushes an image pulled before (by this or another client) as {@code target}, from the verified
   * blobs it holds: pull, retag and push without a file. The config bytes go unchanged, so the
   * image ID stays; the layers go as the registry stored them. The manifest's schema follows the
   * pulled one (OCI stays OCI), unless {@code options} say otherwise.
   *
   * @param target where to push or copy to, with a tag
   * @param image the image, by tag or digest
   * @return what the push did
   */
  public PushResult push(ImageReference target, PulledImage image) {
    ManifestFormat format =
        image.manifestMediaType().equals(MediaTypes.OCI_MANIFEST)
            ? ManifestFormat.OCI
            : ManifestFormat.DOCKER_V2S2;
    return push(target, image, PushOptions.builder().format(format).listener(listener).build());
  }

  /**
   * Pushes a pulled image under {@code target}'s tag, with the given options.
   *
   * @param target where to push, with a tag
   * @param image an image this or another client pulled
   * @param options how to push
   * @return what the push did
   */
  public PushResult push(ImageReference target, PulledImage image, PushOptions options) {
    return service.push(target, image, options);
  }

  /**
   * Every tag of {@code repository}, across all pages.
   *
   * @param repository e.g. {@code app/small}
   * @return the tags, in the registry's order
   */
  public List<String> listTags(String repository) {
    return listTags(new ImageReference(null, repository, null, null));
  }

  /**
   * Every tag of the repository {@code repository} names, across all pages.
   *
   * @param repository e.g. {@code app/small}, or with this registry's host in front; no tag or
   *     digest
   * @return the tags, in the registry's order
   * @throws IllegalArgumentException when it has a tag or a digest
   * @throws ForeignRegistryException when it names another registry
   */
  public List<String> listTags(ImageReference repository) {
    return service.listTags(repository);
  }

  /**
   * The manifest or index a reference names, exactly as served and verified.
   *
   * @param repository e.g. {@code app/small}
   * @param reference a tag or a {@code sha256:} digest
   * @return the manifest's bytes, digest and media type
   */
  public FetchedManifest manifest(String repository, String reference) {
    return manifest(ImageReference.of(repository, reference));
  }

  /**
   * The manifest or index {@code image} names, exactly as served and verified.
   *
   * @param image the repository and tag or digest
   * @return the manifest's bytes, digest and media type
   */
  public FetchedManifest manifest(ImageReference image) {
    return service.manifest(image);
  }

  /**
   * The registry's own answers, checked but not parsed, for a mirror that passes them to its
   * clients: manifests for their Accept list, blobs as they arrive or from the cache, redirects,
   * referrers and single pages of tags.
   *
   * @return the pass-through calls, over this client's connections, credentials and cache
   */
  public PassThrough passThrough() {
    return passThrough;
  }

  /**
   * What a reference names: the digest, media type and size of its manifest or index, by a HEAD
   * with the full Accept list; nothing is downloaded. Empty when there is no such tag or digest. A
   * registry that answers HEAD without {@code Docker-Content-Digest} gets a GET, whose bytes are
   * checked.
   *
   * @param image the image, by tag or digest
   * @return the manifest's descriptor, or empty when the reference names nothing
   */
  public Optional<Descriptor> head(ImageReference image) {
    return service.head(image);
  }

  /**
   * The descriptor of {@code repository} at a tag or digest, by one HEAD.
   *
   * @param repository the repository, e.g. {@code app/small}
   * @param reference a tag or a {@code sha256:} digest
   * @return the manifest's descriptor, or empty when the reference names nothing
   */
  public Optional<Descriptor> head(String repository, String reference) {
    return head(ImageReference.of(repository, reference));
  }

  /**
   * Whether the tag or digest exists, by a HEAD.
   *
   * @param image the image, by tag or digest
   * @return whether the reference names a manifest
   */
  public boolean exists(ImageReference image) {
    return head(image).isPresent();
  }

  /**
   * Tags what {@code image} names with {@code newTag} as well: the manifest or index bytes go
   * unchanged, so the digest stays. Returns that digest.
   *
   * @throws RegistryException with {@link RegistryException.ErrorCode#TAG_INVALID} when the
   *     registry refuses the tag, as ECR does for a tag that exists in a tag-immutable repository
   *     ({@code ImageTagAlreadyExistsException})
   * @param image the image, by tag or digest
   * @param newTag the tag to add, e.g. {@code stable}
   * @return the digest the new tag now names
   */
  public Digest tag(ImageReference image, String newTag) {
    return service.tag(image, newTag);
  }

  /**
   * Deletes the manifest {@code image} names, by digest; a tag is resolved to its digest first.
   * Deleting a digest removes every tag that points at it. Returns the deleted digest.
   *
   * @throws NotFoundException when there is no such tag or digest
   * @throws RegistryException with status 405 (or {@code UNSUPPORTED}) when the registry does not
   *     allow deletes
   * @param image the image, by tag or digest
   * @return the digest deleted
   */
  public Digest delete(ImageReference image) {
    return service.delete(image);
  }

  /**
   * Copies {@code source} to {@code target} within this registry: blobs by cross-repository mount
   * where the registry allows it, else streamed from GET to upload; an index with every child
   * manifest. Manifests go byte for byte, so digests stay, and the tag is written last. A target
   * without a tag takes the source's.
   *
   * @param source the image to copy, by tag or digest
   * @param target where to push or copy to, with a tag
   * @return what was copied, mounted and skipped
   */
  public CopyResult copy(ImageReference source, ImageReference target) {
    return copy(source, this, target);
  }

  /**
   * Copies {@code source} of this registry to {@code target} of {@code targetClient}'s registry
   * (another account or region, with its own CNAME, credentials and trust): every blob streams from
   * a GET here into an upload there, with no disk and bounded memory; blobs the target has are
   * skipped. An index goes with every child manifest.
   *
   * @param source the image to copy, by tag or digest
   * @param targetClient the client of the registry to copy to; this client when it is the same
   *     registry
   * @param target where to push or copy to, with a tag
   * @return what was copied, mounted and skipped
   */
  public CopyResult copy(
      ImageReference source, RegistryClient targetClient, ImageReference target) {
    return copy(source, targetClient, target, null, listener);
  }

  /**
   * As {@link #copy(ImageReference, RegistryClient, ImageReference)}; a non-null {@code platform}
   * copies only that platform's image of an index, tagged as the image itself.
   *
   * @param source the image to copy, by tag or digest
   * @param targetClient the client of the registry to copy to; this client when it is the same
   *     registry
   * @param target where to push or copy to, with a tag
   * @param platform the platform to copy from an index, or null for every one
   * @param listener progress of the blob transfers
   * @return what was copied, mounted and skipped
   */
  public CopyResult copy(
      ImageReference source,
      RegistryClient targetClient,
      ImageReference target,
      @Nullable Platform platform,
      TransferListener listener) {
    return service.copy(source, targetClient.service, target, platform, listener);
  }

  /**
   * The config bytes of the image {@code image} names for {@code platform}.
   *
   * @param image the repository and tag or digest
   * @param platform the platform to pick from a multi-platform image
   * @return the config's bytes
   */
  public byte[] config(ImageReference image, Platform platform) {
    return service.config(image, platform);
  }

  /**
   * Cancels running transfers, releases connections and threads. Interrupted transfers leave no
   * partial file. The credentials provider is the caller's and stays open.
   */
  @Override
  public void close() {
    service.close();
  }

  @Override
  public String toString() {
    return "RegistryClient[" + service.cname() + " as " + registryHost() + "]";
  }
}
