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
 * @param registry the real registry host the images came from
 * @param repository the repository, e.g. {@code app/multi}
 * @param reference the tag or digest that was asked for
 * @param index the index exactly as served; empty when the reference named a single image, which is
 *     then the one entry of {@code images}
 * @param images one entry per platform, in the index's order
 */
public record MultiPlatformImage(
    String registry,
    String repository,
    String reference,
    Optional<FetchedManifest> index,
    List<Entry> images) {

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
   * @param registry the real registry host
   * @param repository the repository
   * @param reference the tag or digest asked for
   * @param index the index, or empty for a single image
   * @param images one entry per platform
   * @throws IllegalArgumentException when {@code images} is empty, when there is no index but more
   *     than one image, or when an index's image has no platform
   */
  public MultiPlatformImage {
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException(
          repository + ":" + reference + " has no image for any platform");
    }
    if (index.isEmpty() && images.size() > 1) {
      throw new IllegalArgumentException(
          repository
              + ":"
              + reference
              + ": "
              + images.size()
              + " images need the index that lists them");
    }
    if (index.isPresent() && images.stream().anyMatch(entry -> entry.platform() == null)) {
      throw new IllegalArgumentException(
          repository + ":" + reference + ": every image of an index needs its platform");
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
    return registry
        + "/"
        + repository
        + (Digest.isDigest(reference) ? "@" : ":")
        + reference
        + " "
        + platforms();
  }
}
