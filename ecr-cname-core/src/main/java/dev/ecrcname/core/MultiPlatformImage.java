package dev.ecrcname.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every platform's image of a multi-platform reference, pulled and verified, with the index that
 * lists them, as {@link RegistryClient#pullAllPlatforms(ImageReference)} returns it.
 *
 * <p>Attestation manifests (buildx provenance and SBOMs, listed as {@code unknown/unknown}) are
 * left out: they are not images, and an archive written from this image carries an index of the
 * images only.
 *
 * @param reference where the images came from: the client's registry host, the repository, the tag
 *     asked for (if any) and the digest of the index (or of the single image)
 * @param index the index exactly as served; empty when the reference named a single image, which is
 *     then the one entry of {@code images}
 * @param images one entry per platform, in the index's order
 */
public record MultiPlatformImage(
    ImageReference reference, Optional<FetchedManifest> index, List<Entry> images) {

  /**
   * One platform's image.
   *
   * @param platform the platform the index names for it; null for a single image that was not
   *     listed in an index
   * @param image the image, its layers verified on disk
   */
  public record Entry(@Nullable Platform platform, PulledImage image) {}

  /**
   * Copies the list.
   *
   * @param reference the registry host, repository, tag (if any) and digest
   * @param index the index, or empty for a single image
   * @param images one entry per platform
   * @throws IllegalArgumentException when {@code images} is empty, when there is no index but more
   *     than one image, or when an index's image has no platform, or when {@code reference} lacks
   *     the registry host or the digest
   */
  public MultiPlatformImage {
    PulledImage.requireResolved(reference);
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException(reference + " has no image for any platform");
    }
    if (index.isEmpty() && images.size() > 1) {
      throw new IllegalArgumentException(
          reference + ": " + images.size() + " images need the index that lists them");
    }
    if (index.isPresent() && images.stream().anyMatch(entry -> entry.platform() == null)) {
      throw new IllegalArgumentException(
          reference + ": every image of an index needs its platform");
    }
  }

  /**
   * The platforms, in the index's order.
   *
   * @return each entry's platform; an entry without one is left out
   */
  public List<Platform> platforms() {
    List<Platform> platforms = new ArrayList<>();
    for (Entry entry : images) {
      Platform platform = entry.platform();
      if (platform != null) {
        platforms.add(platform);
      }
    }
    return List.copyOf(platforms);
  }

  @Override
  public String toString() {
    return reference + " " + platforms();
  }
}
