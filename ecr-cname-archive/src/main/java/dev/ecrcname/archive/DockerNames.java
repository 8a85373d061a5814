package dev.ecrcname.archive;

import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.RegistryHost;
import java.util.Optional;

/**
 * RepoTags as {@code docker load} reads them: a core {@link ImageReference} with a tag and no
 * digest, normalised the way docker normalises names ({@code busybox:1} is {@code
 * docker.io/library/busybox:1}). docker load refuses a RepoTag that does not parse or has no tag,
 * so the writer validates names before writing anything.
 */
final class DockerNames {
  private static final RegistryHost DOCKER_HUB = RegistryHost.parse("docker.io");

  private DockerNames() {}

  /** Parses a tagged name, or says why docker load would refuse it. */
  static ImageReference requireTagged(String name) {
    return parse(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a valid image name with a tag (like registry/repository:tag or myimg:1): "
                        + name));
  }

  /**
   * The normalised name, with Docker Hub's domain and {@code library/} filled in; empty when docker
   * would refuse it.
   */
  static Optional<ImageReference> parse(String name) {
    ImageReference ref;
    try {
      ref = ImageReference.parse(name);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return normalised(ref);
  }

  /**
   * {@code ref} normalised as docker normalises names; empty when it has no tag or has a digest.
   */
  static Optional<ImageReference> normalised(ImageReference ref) {
    if (ref.tag() == null || ref.digest() != null) {
      return Optional.empty();
    }
    RegistryHost registry = ref.registry() != null ? ref.registry() : DOCKER_HUB;
    String repository =
        registry.equals(DOCKER_HUB) && ref.repository().indexOf('/') < 0
            ? "library/" + ref.repository()
            : ref.repository();
    return Optional.of(new ImageReference(registry, repository, ref.tag(), null));
  }

  /** The repository as docker shows it: Docker Hub's domain and {@code library/} are dropped. */
  static String familiarRepository(ImageReference name) {
    if (!DOCKER_HUB.equals(name.registry())) {
      return name.registry() + "/" + name.repository();
    }
    String path = name.repository();
    return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
  }

  /** The form {@code docker save} writes into RepoTags. */
  static String familiar(ImageReference name) {
    return familiarRepository(name) + ":" + name.tag();
  }

  /**
   * Whether two names denote the same image name once normalised ({@code busybox:1} and the
   * docker.io form).
   */
  static boolean sameName(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    Optional<ImageReference> left = parse(a);
    return left.isPresent() && left.equals(parse(b));
  }
}
