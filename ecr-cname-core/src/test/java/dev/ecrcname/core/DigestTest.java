package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class DigestTest {
  /** sha256("abc"), from FIPS 180-2. */
  static final String ABC_SHA256 =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void sha256OfKnownBytesIsTheStandardVector() {
    assertThat(Digest.sha256("abc")).hasToString("sha256:" + ABC_SHA256);
    assertThat(Digest.sha256("abc".getBytes(StandardCharsets.UTF_8)).hex()).isEqualTo(ABC_SHA256);
  }

  @Test
  void parseReadsAlgorithmAndHex() {
    Digest digest = Digest.parse("sha256:" + ABC_SHA256);
    assertThat(digest.algorithm()).isEqualTo("sha256");
    assertThat(digest.hex()).isEqualTo(ABC_SHA256);
  }

  @Test
  void parseWithoutAColonShowsTheExpectedForm() {
    assertThatThrownBy(() -> Digest.parse(ABC_SHA256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256:<64 hex>");
  }

  @Test
  void sha512TakesA128HexDigest() {
    assertThat(new Digest("sha512", "a".repeat(128)).algorithm()).isEqualTo("sha512");
    assertThatThrownBy(() -> new Digest("sha512", "a".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrongLengthUppercaseOrNonHexIsRefused() {
    assertThatThrownBy(() -> new Digest("sha256", ABC_SHA256.substring(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid sha256 digest");
    assertThatThrownBy(() -> new Digest("sha256", ABC_SHA256.toUpperCase(java.util.Locale.ROOT)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Digest("sha256", "g" + ABC_SHA256.substring(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownAlgorithmIsRefusedByName() {
    assertThatThrownBy(() -> new Digest("md5", "a".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported digest algorithm: md5");
  }

  @Test
  void isDigestTellsDigestsFromTags() {
    assertThat(Digest.isDigest("sha256:" + ABC_SHA256)).isTrue();
    assertThat(Digest.isDigest("sha512:x")).isTrue();
    assertThat(Digest.isDigest("1.0")).isFalse();
    assertThat(Digest.isDigest("latest-sha256")).isFalse();
  }

  @Test
  void aSha512DigestHashesWithSha512() throws Exception {
    Digest sha512 = new Digest("sha512", "a".repeat(128));
    MessageDigest hasher = sha512.newHasher();
    assertThat(hasher.getAlgorithm()).isEqualTo("SHA-512");
    hasher.update("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(Digest.of(hasher).algorithm()).isEqualTo("sha512");
  }

  @Test
  void ofASha256HasherIsASha256Digest() {
    MessageDigest hasher = Digest.sha256("x").newHasher();
    hasher.update("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(Digest.of(hasher)).isEqualTo(Digest.sha256("abc"));
  }

  @Test
  void matchesComparesAFinishedHasherWithThisDigest() {
    MessageDigest same = Digest.newSha256();
    same.update("abc".getBytes(StandardCharsets.UTF_8));
    MessageDigest other = Digest.newSha256();
    other.update("abd".getBytes(StandardCharsets.UTF_8));

    assertThat(Digest.sha256("abc").matches(same)).isTrue();
    assertThat(Digest.sha256("abc").matches(other)).isFalse();
  }
}
