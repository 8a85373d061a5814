package dev.ecrcname.serve;

import dev.ecrcname.core.ImageReference;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Distribution v2 path, parsed: {@code /v2/<name>/manifests/<reference>}, {@code
 * /v2/<name>/blobs/<digest>}, {@code /v2/<name>/tags/list} or {@code
 * /v2/<name>/referrers/<digest>}. The name is validated as core validates it, so nothing else
 * reaches the registry.
 *
 * @param reference the tag or digest; empty for tags/list
 */
record V2Route(Kind kind, String name, String reference) {
  enum Kind {
    MANIFEST,
    BLOB,
    TAGS,
    REFERRERS
  }

  private static final Pattern ROUTE =
      Pattern.compile("/v2/(.+?)/(?:(manifests|blobs|referrers)/([^/]+)|(tags)/list)");

  /** The route of {@code path}, or empty when it is none of the four. */
  static Optional<V2Route> parse(String path) {
    Matcher m = ROUTE.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    String name = m.group(1);
    try {
      ImageReference.requireRepository(name);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (m.group(4) != null) {
      return Optional.of(new V2Route(Kind.TAGS, name, ""));
    }
    Kind kind =
        switch (m.group(2)) {
          case "manifests" -> Kind.MANIFEST;
          case "blobs" -> Kind.BLOB;
          default -> Kind.REFERRERS;
        };
    return Optional.of(new V2Route(kind, name, m.group(3)));
  }

  /** The name and reference as core's value; throws IllegalArgumentException when invalid. */
  ImageReference image() {
    return ImageReference.of(name, reference);
  }
}
