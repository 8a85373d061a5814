package dev.ecrcname.core;

import java.util.regex.Pattern;

/**
 * Validates repository names, tags and digests before they go into a URL, with the distribution spec's grammar, so
 * that a typo gets a message instead of a confusing 404 and nothing can inject a path.
 */
final class References {
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");

  private References() {}

  static String repository(String repository) {
    if (!REPOSITORY.matcher(repository).matches() || repository.length() > 256) {
      throw new IllegalArgumentException(
          "invalid repository name '"
              + repository
              + "': use lower-case letters, digits and separators (. _ __ -), with / between components,"
              + " and no registry host (e.g. app/small)");
    }
    return repository;
  }

  /** A tag or a digest; digests are parsed so that only well-formed ones pass. */
  static String reference(String reference) {
    if (Digest.isDigest(reference)) {
      return Digest.parse(reference).toString();
    }
    if (!TAG.matcher(reference).matches()) {
      throw new IllegalArgumentException(
          "invalid tag '" + reference + "': up to 128 of letters, digits, _ . -, not starting with . or -");
    }
    return reference;
  }
}
