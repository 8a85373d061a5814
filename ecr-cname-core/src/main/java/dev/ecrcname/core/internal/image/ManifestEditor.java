package dev.ecrcname.core.internal.image;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.NotFoundException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.RegistryException.ErrorCode;
import dev.ecrcname.core.internal.ops.ManifestDelete;
import dev.ecrcname.core.internal.ops.ManifestPut;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import java.util.Optional;

/**
 * Retag and delete: manifests written under another name byte for byte, or removed by digest (the
 * spec deletes only by digest, and every tag on it goes with it).
 */
final class ManifestEditor {
  private final RegistryCaller caller;
  private final ManifestFetcher manifests;

  ManifestEditor(RegistryCaller caller, ManifestFetcher manifests) {
    this.caller = caller;
    this.manifests = manifests;
  }

  /**
   * PUTs the manifest (or index) {@code image} names, its bytes unchanged, under {@code newTag}.
   * When the tag already names that digest nothing is written, so a repeated retag also passes on a
   * tag-immutable repository.
   */
  Digest tag(ImageReference image, String newTag) {
    if (Digest.isDigest(newTag)) {
      throw new IllegalArgumentException(
          "tag needs a new tag, not a digest, e.g. stable; got " + newTag);
    }
    ImageReference target = new ImageReference(image.registry(), image.repository(), newTag, null);
    FetchedManifest manifest = manifests.fetch(image).raw();
    Optional<Descriptor> existing = manifests.head(target);
    if (existing.isPresent() && existing.get().digest().equals(manifest.digest())) {
      return manifest.digest();
    }
    return caller.call(new ManifestPut(target, manifest.mediaType(), manifest.bytes()));
  }

  /** Deletes what {@code image} names; a tag is resolved to its digest first. */
  Digest delete(ImageReference image) {
    Digest digest = image.digest();
    if (digest == null) {
      digest =
          manifests
              .head(image)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          ErrorCode.MANIFEST_UNKNOWN,
                          image.nameAndReference()
                              + " not found (no such repository or tag) on "
                              + caller.endpoint().registryHost()))
              .digest();
    }
    return delete(image.repository(), digest);
  }

  private Digest delete(String repository, Digest digest) {
    try {
      return caller.call(new ManifestDelete(repository, digest));
    } catch (RegistryException e) {
      if (e.status() != 405 && e.code() != ErrorCode.UNSUPPORTED) {
        throw e;
      }
      RegistryException clear =
          new RegistryException(
              e.status(),
              e.code(),
              "the registry "
                  + caller.endpoint().registryHost()
                  + " does not allow deleting manifests (HTTP "
                  + e.status()
                  + (e.code() == ErrorCode.UNKNOWN ? "" : " " + e.code())
                  + ") for "
                  + repository
                  + "@"
                  + digest
                  + "; ECR does, a Distribution registry needs storage.delete.enabled: true");
      clear.addSuppressed(e);
      throw clear;
    }
  }
}
