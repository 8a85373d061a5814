package dev.ecrcname.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:9f86d0…}. Validates itself: only sha256 and sha512 with
 * lower-case hex of the right length are accepted, so a digest from the wire can never smuggle a
 * path or a query into a URL.
 */
public record Digest(String algorithm, String hex) {
  private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

  /**
   * Validates the algorithm and the hex.
   *
   * @param algorithm {@code sha256} or {@code sha512}
   * @param hex the lower-case hex of the hash
   * @throws IllegalArgumentException when the algorithm is not sha256 or sha512, or the hex is not
   *     lower-case hex of its length
   */
  public Digest {
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha512" -> 128;
          default ->
              throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
        };
    if (hex.length() != expected || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a valid " + algorithm + " digest: " + hex);
    }
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @param value e.g. {@code sha256:9f86d0…}
   * @return the digest
   * @throws IllegalArgumentException when {@code value} is not a valid sha256 or sha512 digest
   */
  public static Digest parse(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("digest must look like sha256:<64 hex>, got: " + value);
    }
    return new Digest(value.substring(0, colon), value.substring(colon + 1));
  }

  /**
   * Whether {@code value} looks like a digest reference rather than a tag.
   *
   * @param value a tag or a digest
   * @return true when it starts with {@code sha256:} or {@code sha512:}
   */
  public static boolean isDigest(String value) {
    return value.startsWith("sha256:") || value.startsWith("sha512:");
  }

  /**
   * The sha256 digest of some bytes.
   *
   * @param bytes the content
   * @return its digest
   */
  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  /**
   * The sha256 digest of a text's UTF-8 bytes.
   *
   * @param text the content
   * @return its digest
   */
  public static Digest sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Wraps a finished sha256 {@link MessageDigest}.
   *
   * @param finished a SHA-256 hasher that has seen all the bytes; this digests it
   * @return the digest
   */
  public static Digest sha256Of(MessageDigest finished) {
    return new Digest("sha256", HexFormat.of().formatHex(finished.digest()));
  }

  /**
   * Wraps a finished hasher made by {@link #newSha256()} or {@link #newHasher()}.
   *
   * @param finished a SHA-256 or SHA-512 hasher that has seen all the bytes; this digests it
   * @return the digest
   */
  public static Digest of(MessageDigest finished) {
    String algorithm = finished.getAlgorithm().equals("SHA-512") ? "sha512" : "sha256";
    return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
  }

  /**
   * A fresh sha256 hasher; sha256 is mandatory in every JDK, so this never fails.
   *
   * @return a new SHA-256 hasher
   */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A fresh hasher for this digest's algorithm.
   *
   * @return a new SHA-256 or SHA-512 hasher
   */
  public MessageDigest newHasher() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether {@code finished} (a hasher from {@link #newHasher()}, not yet digested) hashed to this
   * digest.
   *
   * @param finished the hasher; this digests it
   * @return true when the bytes it saw hash to this digest
   */
  public boolean matches(MessageDigest finished) {
    return HexFormat.of().formatHex(finished.digest()).equals(hex);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
