package dev.ecrcname.core;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An image reference as docker and the distribution reference grammar write it: {@code
 * [host[:port]/]repository[:tag][@sha256:…]}. It validates itself, so a typo gets a message with an
 * example instead of a confusing 404, and nothing can inject a path into a registry URL.
 *
 * <p>The first component is a host when it contains a dot or a port, is {@code localhost}, or has
 * upper-case letters, as docker decides (distribution/reference {@code splitDockerDomain}).
 *
 * @param registry the host (and port) the reference started with, e.g. {@code
 *     123456789012.dkr.ecr.us-east-1.amazonaws.com}, or null when it named none; a client's results
 *     name the registry host it resolved
 * @param repository the repository path, e.g. {@code app/small}
 * @param tag the tag, or null
 * @param digest the digest, or null; when both are given the digest is what is fetched, as in
 *     docker
 */
public record ImageReference(
    @Nullable RegistryHost registry,
    String repository,
    @Nullable String tag,
    @Nullable Digest digest) {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
  private static final int MAX_NAME_LENGTH = 255;
  private static final String EXAMPLE =
      "e.g. app/small:1.0 or 123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small@sha256:…";

  /**
   * Validates every part.
   *
   * @param registry the host (and port), or null
   * @param repository the repository path
   * @param tag the tag, or null
   * @param digest the digest, or null
   * @throws IllegalArgumentException naming the invalid part, with an example
   */
  public ImageReference {
    requireRepository(repository);
    if (tag != null) {
      requireTag(tag);
    }
    if (repository.length() + (registry == null ? 0 : registry.toString().length() + 1)
        > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "image name longer than " + MAX_NAME_LENGTH + " characters: " + repository);
    }
  }

  /**
   * A reference to {@code repository} at a tag or a {@code sha256:} digest, with no registry host.
   *
   * @param repository e.g. {@code app/small}
   * @param tagOrDigest e.g. {@code 1.0} or {@code sha256:…}
   * @return the reference
   * @throws IllegalArgumentException when the repository, tag or digest is invalid
   */
  public static ImageReference of(String repository, String tagOrDigest) {
    return Digest.isDigest(tagOrDigest)
        ? new ImageReference(null, repository, null, Digest.parse(tagOrDigest))
        : new ImageReference(null, repository, tagOrDigest, null);
  }

  /**
   * Parses {@code [host[:port]/]repository[:tag][@digest]}; a reference with neither tag nor digest
   * means no tag.
   *
   * @param text e.g. {@code app/small:1.0} or {@code
   *     123456789012.dkr.ecr.us-east-1.amazonaws.com/app/small@sha256:…}
   * @return the reference
   * @throws IllegalArgumentException with an example, when the text is no valid reference
   */
  public static ImageReference parse(String text) {
    String rest = text.strip();
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(
          "empty image reference; give REPOSITORY[:TAG|@sha256:DIGEST], " + EXAMPLE);
    }
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = parseDigest(rest.substring(at + 1), text);
      rest = rest.substring(0, at);
    }
    RegistryHost registry = null;
    int slash = rest.indexOf('/');
    if (slash > 0 && RegistryHost.looksLikeHost(rest.substring(0, slash))) {
      registry = parseHost(rest.substring(0, slash), text);
      rest = rest.substring(slash + 1);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("no repository in '" + text + "'; " + EXAMPLE);
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /**
   * Validates a repository name such as {@code app/small}, without a registry host.
   *
   * @param repository the name
   * @return the same name
   * @throws IllegalArgumentException when it is not a valid repository name
   */
  public static String requireRepository(String repository) {
    if (!REPOSITORY.matcher(repository).matches() || repository.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "invalid repository name '"
              + repository
              + "': use lower-case letters, digits and separators (. _ __ -), with / between components,"
              + " and no registry host (e.g. app/small)");
    }
    return repository;
  }

  private static void requireTag(String tag) {
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "invalid tag '"
              + tag
              + "': up to 128 of letters, digits, _ . -, not starting with . or - (e.g. 1.0)");
    }
  }

  private static Digest parseDigest(String value, String text) {
    try {
      return Digest.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid digest in '" + text + "': expected @sha256:<64 lower-case hex digits>", e);
    }
  }

  private static RegistryHost parseHost(String host, String text) {
    try {
      return RegistryHost.parse(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid registry host '" + host + "' in the image reference '" + text + "'; " + EXAMPLE,
          e);
    }
  }

  /**
   * Whether this names a digest, so that the registry serves exactly those bytes.
   *
   * @return true when there is a digest
   */
  public boolean byDigest() {
    return digest != null;
  }

  /**
   * What to fetch: the digest when there is one, else the tag, else {@code latest}.
   *
   * @return the digest, the tag or {@code latest}
   */
  public String reference() {
    if (digest != null) {
      return digest.toString();
    }
    return tag != null ? tag : "latest";
  }

  /**
   * This reference with another registry host, or none.
   *
   * @param registry the host, or null for none
   * @return a reference that differs only in the registry host
   */
  public ImageReference withRegistry(@Nullable RegistryHost registry) {
    return new ImageReference(registry, repository, tag, digest);
  }

  /**
   * This reference with another digest, or none: a result names the digest it resolved.
   *
   * @param digest the digest, or null for none
   * @return a reference that differs only in the digest
   */
  public ImageReference withDigest(@Nullable Digest digest) {
    return new ImageReference(registry, repository, tag, digest);
  }

  /**
   * The repository and what to fetch, without the registry: {@code app/small:1.0} or {@code
   * app/small@sha256:…}.
   *
   * @return the repository and its tag or digest
   */
  public String nameAndReference() {
    return repository + (digest != null ? "@" : ":") + reference();
  }

  @Override
  public String toString() {
    return (registry == null ? "" : registry + "/")
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}
