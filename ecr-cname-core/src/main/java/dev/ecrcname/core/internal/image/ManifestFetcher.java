package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.internal.manifest.ManifestParser;
import dev.ecrcname.core.internal.manifest.ParsedManifest;
import dev.ecrcname.core.internal.ops.ManifestGet;
import dev.ecrcname.core.internal.ops.RegistryCaller;

/** Fetches a manifest, verified, and parses it. */
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
}
