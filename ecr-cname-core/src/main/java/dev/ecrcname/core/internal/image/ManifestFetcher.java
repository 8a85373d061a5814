package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.NotFoundException;
import dev.ecrcname.core.internal.manifest.ManifestParser;
import dev.ecrcname.core.internal.manifest.ParsedManifest;
import dev.ecrcname.core.internal.ops.ManifestGet;
import dev.ecrcname.core.internal.ops.ManifestHead;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import java.util.Optional;

/** Fetches a manifest, verified, and parses it; or only asks what it is. */
final class ManifestFetcher {
  private final RegistryCaller caller;

  ManifestFetcher(RegistryCaller caller) {
    this.caller = caller;
  }

  /** The manifest as served, and parsed. */
  record Fetched(FetchedManifest raw, ParsedManifest parsed) {}

  Fetched fetch(ImageReference image) {
    ManifestGet.Bytes got = caller.call(new ManifestGet(image));
    ParsedManifest parsed =
        ManifestParser.parse(got.bytes(), got.contentType(), image.nameAndReference());
    return new Fetched(new FetchedManifest(got.digest(), parsed.mediaType(), got.bytes()), parsed);
  }

  /**
   * A child of the index {@code parent} names, by digest. An index nested in an index is refused:
   * no registry or engine we know of makes one, and following it would need a platform rule that
   * docker does not have.
   */
  Fetched child(ImageReference parent, Digest digest) {
    Fetched child = fetch(new ImageReference(parent.registry(), parent.repository(), null, digest));
    if (child.parsed() instanceof ParsedManifest.Index) {
      throw new ContentException(
          ContentException.Problem.UNSUPPORTED,
          parent.nameAndReference() + " nests an index inside an index");
    }
    return child;
  }

  /**
   * What a reference names, by HEAD: nothing is downloaded. A registry that answers HEAD without
   * {@code Docker-Content-Digest} (or without type and length) gets a GET instead, whose bytes are
   * hashed and checked, since a digest we cannot vouch for is worse than none.
   */
  Optional<Descriptor> head(ImageReference image) {
    Optional<ManifestHead.Head> head = caller.call(new ManifestHead(image));
    if (head.isEmpty()) {
      return Optional.empty();
    }
    ManifestHead.Head h = head.get();
    if (h.digest() != null && h.mediaType() != null && h.size() >= 0) {
      return Optional.of(new Descriptor(h.mediaType(), h.digest(), h.size()));
    }
    try {
      FetchedManifest got = fetch(image).raw();
      return Optional.of(new Descriptor(got.mediaType(), got.digest(), got.bytes().length));
    } catch (NotFoundException e) {
      return Optional.empty(); // deleted between the HEAD and the GET
    }
  }
}
