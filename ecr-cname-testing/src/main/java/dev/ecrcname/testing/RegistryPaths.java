package dev.ecrcname.testing;

import java.util.Objects;

/**
 * The request paths of the Distribution v2 / OCI API, written once for every module's tests and for
 * {@link FakeRegistry}: a test that scripts or checks a path names the operation, not the string. A
 * test that sends a deliberately malformed or hostile path writes it out instead.
 *
 * <p>A {@code reference} is a tag or a digest, a {@code digest} is {@code sha256:…}; both are taken
 * by their {@code toString()}, so a test passes a {@code String} or core's {@code Digest} alike
 * (this module cannot name core's types: core's own tests depend on it).
 */
public final class RegistryPaths {
  private RegistryPaths() {}

  /** {@code /v2/}: the API's root, which answers the version check. */
  public static String base() {
    return "/v2/";
  }

  /** {@code /v2/<repository>/manifests/<reference>}. */
  public static String manifest(String repository, Object reference) {
    return repository(repository) + "/manifests/" + text(reference);
  }

  /** {@code /v2/<repository>/blobs/<digest>}. */
  public static String blob(String repository, Object digest) {
    return repository(repository) + "/blobs/" + text(digest);
  }

  /** {@code /v2/<repository>/blobs/uploads/}: where a blob upload starts (POST). */
  public static String uploads(String repository) {
    return repository(repository) + "/blobs/uploads/";
  }

  /** {@code /v2/<repository>/blobs/uploads/<id>}: one upload session (PATCH, PUT, DELETE). */
  public static String upload(String repository, String id) {
    return uploads(repository) + Objects.requireNonNull(id, "id");
  }

  /** {@code /v2/<repository>/tags/list}. */
  public static String tags(String repository) {
    return repository(repository) + "/tags/list";
  }

  /** {@code /v2/<repository>/referrers/<digest>}. */
  public static String referrers(String repository, Object digest) {
    return repository(repository) + "/referrers/" + text(digest);
  }

  private static String repository(String repository) {
    return base() + Objects.requireNonNull(repository, "repository");
  }

  private static String text(Object referenceOrDigest) {
    return Objects.requireNonNull(referenceOrDigest, "reference or digest").toString();
  }
}
