package dev.ecrcname.cli;

import dev.ecrcname.core.Digest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a user types for an image: {@code REPOSITORY[:TAG|@sha256:DIGEST]}, optionally behind the registry host or
 * the CNAME as docker writes it ({@code 1234….amazonaws.com/app/small:1.0}). The repository, tag and digest are
 * validated by core when they are used.
 *
 * @param host the registry host or CNAME the reference started with, or null
 * @param reference the tag or digest to fetch; the digest wins when both are given, as in docker
 */
record ImageReference(@Nullable String host, String repository, @Nullable String tag, String reference) {

  static ImageReference parse(String text) {
    String rest = text.strip();
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("empty image reference; give REPOSITORY[:TAG|@sha256:DIGEST]");
    }
    String host = null;
    int slash = rest.indexOf('/');
    if (slash > 0 && looksLikeHost(rest.substring(0, slash))) {
      host = rest.substring(0, slash).toLowerCase(Locale.ROOT);
      rest = rest.substring(slash + 1);
    }
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!Digest.isDigest(digest)) {
        throw new IllegalArgumentException(
            "invalid digest in '" + text + "': expected @sha256:<64 hex digits>");
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("no repository in '" + text + "'; give REPOSITORY[:TAG|@sha256:DIGEST]");
    }
    String reference = digest != null ? digest : tag != null ? tag : "latest";
    return new ImageReference(host, rest, tag, reference);
  }

  /** As docker decides: a first component with a dot or a port, or {@code localhost}, is a host. */
  private static boolean looksLikeHost(String component) {
    return component.contains(".") || component.contains(":") || component.equals("localhost");
  }

  boolean byDigest() {
    return Digest.isDigest(reference);
  }

  /**
   * The file {@code pull} writes when no {@code -o} is given: {@code app/small:1.0} becomes {@code app-small_1.0.tar},
   * a digest {@code app-small_sha256-<12 hex>.tar}.
   */
  String defaultFileName() {
    String name = repository.replace('/', '-');
    String suffix = byDigest() ? reference.replace(':', '-').substring(0, reference.indexOf(':') + 13) : reference;
    return name + "_" + suffix + ".tar";
  }

  @Override
  public String toString() {
    return repository + (byDigest() ? "@" : ":") + reference;
  }
}
