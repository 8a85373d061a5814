package dev.ecrcname.archive;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image names with a tag, as {@code docker load} parses RepoTags: distribution/reference's grammar and its
 * normalisation ({@code busybox:1} is {@code docker.io/library/busybox:1}). docker load refuses a RepoTag that does
 * not parse or has no tag, so the writer validates names before writing anything.
 */
final class ImageNames {
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
  private static final Pattern DOMAIN_PATTERN = Pattern.compile(DOMAIN);
  private static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern TAGGED = Pattern.compile("(.+):([^:/]+)");
  private static final int MAX_NAME_LENGTH = 255;
  private static final String DOCKER_HUB = "docker.io";

  private ImageNames() {}

  /** A parsed {@code [domain/]path:tag}, with docker's default domain filled in. */
  record TaggedName(String domain, String path, String tag) {
    /** The fully qualified form containerd stores, e.g. {@code docker.io/library/busybox:1}. */
    String normalized() {
      return domain + "/" + path + ":" + tag;
    }

    /** The repository as docker shows it: Docker Hub's domain and {@code library/} are dropped. */
    String familiarRepository() {
      if (!domain.equals(DOCKER_HUB)) {
        return domain + "/" + path;
      }
      return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }

    /** The form {@code docker save} writes into RepoTags. */
    String familiar() {
      return familiarRepository() + ":" + tag;
    }
  }

  /** Parses a tagged name, or says why docker load would refuse it. */
  static TaggedName requireTagged(String reference) {
    return parse(reference)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a valid image name with a tag (like registry/repository:tag or myimg:1): " + reference));
  }

  static Optional<TaggedName> parse(String reference) {
    Matcher tagged = TAGGED.matcher(reference);
    if (!tagged.matches() || reference.contains("@")) {
      return Optional.empty();
    }
    String name = tagged.group(1);
    String tag = tagged.group(2);
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    boolean hasDomain =
        slash >= 0
            && (first.contains(".")
                || first.contains(":")
                || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT)));
    String domain = hasDomain ? first : DOCKER_HUB;
    String path = hasDomain ? name.substring(slash + 1) : name;
    if (domain.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      path = "library/" + path;
    }
    if (name.length() > MAX_NAME_LENGTH
        || !DOMAIN_PATTERN.matcher(domain).matches()
        || !PATH.matcher(path).matches()
        || !TAG.matcher(tag).matches()) {
      return Optional.empty();
    }
    return Optional.of(new TaggedName(domain, path, tag));
  }

  /** Whether two names denote the same image name once normalised ({@code busybox:1} and the docker.io form). */
  static boolean sameName(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    Optional<TaggedName> left = parse(a);
    Optional<TaggedName> right = parse(b);
    return left.isPresent() && right.isPresent() && left.get().equals(right.get());
  }
}
