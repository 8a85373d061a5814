package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an OCI layout keeps its blobs ({@code blobs/sha256/<hex>}): the one kind of name that is
 * content-addressed. Used by the writers and the readers alike.
 */
final class BlobPaths {
  /** The directory of the layout's sha256 blobs, with its trailing slash. */
  static final String SHA256 = "blobs/sha256/";

  private static final Pattern CONTENT_ADDRESSED = Pattern.compile("blobs/sha256/([a-f0-9]{64})");

  private BlobPaths() {}

  /** {@code blobs/<algorithm>/<hex>}. */
  static String of(Digest digest) {
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }

  /** The digest a blob path ({@code blobs/sha256/<hex>}, cleaned) names, if it is one. */
  static Optional<Digest> contentAddress(String cleanPath) {
    Matcher matcher = CONTENT_ADDRESSED.matcher(cleanPath);
    return matcher.matches()
        ? Optional.of(new Digest("sha256", matcher.group(1)))
        : Optional.empty();
  }
}
