package dev.ecrcname.core;

import dev.ecrcname.core.internal.image.ImageService;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The registry's own answers, for a mirror that hands them to its own clients ({@code ecr-cname
 * serve}): a manifest as served for the client's Accept list, a blob as it arrives or from the
 * verified cache, where the registry redirects a blob, the referrers index and single pages of
 * tags. Whole answers are checked against their digests; nothing is parsed or converted. Get one
 * from {@link RegistryClient#passThrough()}; it shares that client's connections, credentials and
 * cache, and is as thread-safe.
 */
public final class PassThrough {
  private final ImageService service;

  PassThrough(ImageService service) {
    this.service = service;
  }

  /**
   * The manifest or index {@code image} names as the registry serves it for {@code accept}, checked
   * against its digest and not parsed: for a mirror that passes its own client's Accept list on
   * (ECR converts by tag for it). The media type is the answer's Content-Type.
   *
   * @param image the repository and tag or digest
   * @param accept the media types to accept, as a client sent them
   * @return the manifest's bytes, digest and media type
   */
  public FetchedManifest manifest(ImageReference image, List<String> accept) {
    return service.manifest(image, List.copyOf(accept));
  }

  /**
   * A blob's bytes as they arrive, for passing on: the whole blob, verified as it is read (see
   * {@link BlobStream}).
   *
   * @param blob the repository and the blob's digest, e.g. {@code app/small@sha256:…}
   * @return the open blob; close it
   * @throws NotFoundException when the registry has no such blob
   */
  public BlobStream openBlob(ImageReference blob) {
    return service.openBlob(blob, 0, -1);
  }

  /**
   * Bytes {@code first} to {@code last} of a blob, as HTTP's {@code Range} names them; not
   * verified, since a part cannot be.
   *
   * @param blob the repository and the blob's digest
   * @param first the first byte, from 0
   * @param last the last byte (inclusive), or -1 for the end of the blob
   * @return the open range; close it
   * @throws IllegalArgumentException when the range is empty or negative
   */
  public BlobStream openBlob(ImageReference blob, long first, long last) {
    if (first < 0 || (last >= 0 && last < first) || last < -1) {
      throw new IllegalArgumentException(
          "a byte range runs from a first byte >= 0 to a last byte >= first, or -1 for the end;"
              + " got "
              + first
              + "-"
              + last);
    }
    return service.openBlob(blob, first, last);
  }

  /**
   * A blob in the client's layer cache, verified (a cached copy is re-hashed before it is trusted),
   * and downloaded into it on a miss: for a mirror that serves from the cache the CLI also fills.
   *
   * @param blob the repository and the blob's digest
   * @return the verified file; read it, never change it
   * @throws NotFoundException when the registry has no such blob
   */
  public Path cachedBlob(ImageReference blob) {
    return service.cachedBlob(blob);
  }

  /**
   * A blob the client's layer cache already holds, verified (re-hashed, as {@link #cachedBlob}
   * does); empty, without a request to the registry, when it holds none: for a mirror that answers
   * a blob's HEAD from its cache.
   *
   * @param blob the repository and the blob's digest
   * @return the verified file, or empty
   */
  public Optional<Path> cachedBlobIfPresent(ImageReference blob) {
    return service.cachedBlobIfPresent(blob);
  }

  /**
   * Where the registry redirects a blob's GET (ECR: a presigned S3 URL), without following it; for
   * a mirror that sends its client there. Empty when the registry serves the bytes itself.
   *
   * @param blob the repository and the blob's digest
   * @return the absolute https URL, or empty
   */
  public Optional<URI> blobLocation(ImageReference blob) {
    return service.blobLocation(blob);
  }

  /**
   * The OCI referrers API: the index of the manifests that name {@code subject}, as the registry
   * generates it (so its digest is the sha256 of those bytes, not a name the registry knows), for a
   * mirror that passes it on.
   *
   * @param subject the repository and the subject manifest's digest
   * @param artifactType only referrers of this artifact type, or null for all
   * @return the index as served
   * @throws NotFoundException when the registry has no referrers API (clients then fall back to the
   *     referrers tag schema)
   */
  public FetchedManifest referrers(ImageReference subject, @Nullable String artifactType) {
    return service.referrers(subject, artifactType);
  }

  /**
   * One page of {@code repository}'s tags, as a mirror's client asks for it.
   *
   * @param repository e.g. {@code app/small}
   * @param pageSize how many tags at most ({@code n}), or 0 for the registry's default
   * @param last the {@link TagPage#nextLast()} of the page before, or null for the first page
   * @return the page and the next page's token
   */
  public TagPage tagPage(String repository, int pageSize, @Nullable String last) {
    return service.tagPage(ImageReference.requireRepository(repository), pageSize, last);
  }

  @Override
  public String toString() {
    return "PassThrough[" + service.registryHost() + "]";
  }
}
