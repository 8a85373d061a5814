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

  /** Parses {@code algorithm:hex}. */
  public static Digest parse(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("digest must look like sha256:<64 hex>, got: " + value);
    }
    return new Digest(value.substring(0, colon), value.substring(colon + 1));
  }

  /** Whether {@code value} looks like a digest reference rather than a tag. */
  public static boolean isDigest(String value) {
    return value.startsWith("sha256:") || value.startsWith("sha512:");
  }

  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  public static Digest sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps a finished sha256 {@link MessageDigest}. */
  public static Digest sha256Of(MessageDigest finished) {
    return new Digest("sha256", HexFormat.of().formatHex(finished.digest()));
  }

  /** Wraps a finished hasher made by {@link #newSha256()} or {@link #newHasher()}. */
  public static Digest of(MessageDigest finished) {
    String algorithm = finished.getAlgorithm().equals("SHA-512") ? "sha512" : "sha256";
    return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
  }

  /** A fresh sha256 hasher; sha256 is mandatory in every JDK, so this never fails. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh hasher for this digest's algorithm. */
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
   */
  public boolean matches(MessageDigest finished) {
    return HexFormat.of().formatHex(finished.digest()).equals(hex);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
