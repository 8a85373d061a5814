package dev.ecrcname.core;

import dev.ecrcname.core.http.RegistryErrors;
import dev.ecrcname.core.http.RegistryTransport;
import dev.ecrcname.core.manifest.ManifestParser;
import dev.ecrcname.core.manifest.ParsedManifest;
import java.io.IOException;
import java.security.MessageDigest;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/** GETs manifests with the full Accept list, within ECR's size limit, and checks their digests. */
final class ManifestFetcher {
  /** ECR's PutImage caps imageManifest at 4,194,304 characters; anything larger is not a manifest. */
  static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;

  private final RegistryTransport transport;

  ManifestFetcher(RegistryTransport transport) {
    this.transport = transport;
  }

  /** The manifest as served, and parsed. */
  record Fetched(FetchedManifest raw, ParsedManifest parsed) {}

  Fetched fetch(String repository, String reference) {
    String what = describe(repository, reference);
    HttpUrl url =
        transport.endpoint().url().addPathSegment("v2").addPathSegments(repository).addPathSegment("manifests")
            .addPathSegment(reference).build();
    Request request = new Request.Builder().url(url).header("Accept", String.join(", ", MediaTypes.ACCEPT)).build();
    try (Response response = transport.execute(request)) {
      if (!response.isSuccessful()) {
        throw RegistryErrors.of(response, "manifest " + what, transport.endpoint());
      }
      byte[] bytes = readBounded(response, what);
      Digest digest = checkDigest(reference, response.header("Docker-Content-Digest"), bytes, what);
      ParsedManifest parsed = ManifestParser.parse(bytes, response.header("Content-Type"), what);
      return new Fetched(new FetchedManifest(digest, parsed.mediaType(), bytes), parsed);
    } catch (IOException e) {
      throw transport.failure("fetching manifest " + what, request, e);
    }
  }

  static String describe(String repository, String reference) {
    return repository + (Digest.isDigest(reference) ? "@" : ":") + reference;
  }

  private static byte[] readBounded(Response response, String what) throws IOException {
    long declared = response.body().contentLength();
    if (declared > MAX_MANIFEST_BYTES) {
      throw tooLarge(what, declared);
    }
    BufferedSource source = response.body().source();
    if (source.request(MAX_MANIFEST_BYTES + 1)) {
      throw tooLarge(what, -1);
    }
    Buffer buffer = source.getBuffer();
    return buffer.readByteArray();
  }

  private static RegistryException tooLarge(String what, long size) {
    return new RegistryException(
        0,
        RegistryException.ErrorCode.SIZE_INVALID,
        "manifest "
            + what
            + " is larger than ECR's 4 MiB limit"
            + (size > 0 ? " (" + size + " bytes)" : "")
            + "; refusing to read it");
  }

  /**
   * By digest the bytes must hash to the digest asked for; by tag they must hash to what the registry says it sent.
   * Returns their sha256, the digest the image is known by.
   */
  private static Digest checkDigest(String reference, @Nullable String claimedHeader, byte[] bytes, String what) {
    Digest actual = Digest.sha256(bytes);
    String claimed = Digest.isDigest(reference) ? reference : claimedHeader;
    if (claimed == null || claimed.isBlank()) {
      return actual; // by tag without Docker-Content-Digest: nothing to check against; our digest is the truth
    }
    Digest expected = Digest.parse(claimed.trim());
    boolean matches;
    if (expected.algorithm().equals(actual.algorithm())) {
      matches = expected.equals(actual);
    } else {
      MessageDigest hasher = expected.newHasher();
      hasher.update(bytes);
      matches = expected.matches(hasher);
    }
    if (!matches) {
      String source = Digest.isDigest(reference) ? "" : " (Docker-Content-Digest)";
      throw new DigestMismatchException("manifest " + what + source, expected, actual);
    }
    return actual;
  }
}
