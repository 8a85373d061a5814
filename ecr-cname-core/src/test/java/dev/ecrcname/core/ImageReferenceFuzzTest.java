package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzing of {@link ImageReference#parse} (issue 21): any text gives a reference that prints back
 * to itself, with only the characters a registry URL may carry, or an {@code
 * IllegalArgumentException} with a message. The seeds in {@code
 * ImageReferenceFuzzTestInputs/aReferenceRoundTripsOrIsAUsageError/} run with the unit tests;
 * {@code scripts/fuzz} searches for more.
 */
class ImageReferenceFuzzTest {
  @FuzzTest
  void aReferenceRoundTripsOrIsAUsageError(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ImageReference parsed;
    try {
      parsed = ImageReference.parse(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    String printed = parsed.toString();
    assertThat(printed).as("only URL-safe characters").matches("[A-Za-z0-9._:/@\\[\\]-]+");
    assertThat(
            parsed.repository().length()
                + lengthOf(parsed.registry() == null ? null : parsed.registry().toString()))
        .isLessThanOrEqualTo(255);
    if (parsed.tag() != null) {
      assertThat(parsed.tag().length()).isBetween(1, 128);
    }
    assertThat(parsed.reference())
        .isEqualTo(
            parsed.digest() != null
                ? parsed.digest().toString()
                : parsed.tag() != null ? parsed.tag() : "latest");
    String registry = parsed.registry() == null ? null : parsed.registry().toString();
    if (registry != null && !registry.contains(".") && !registry.contains(":")) {
      // "Registry/app" names the host "registry" (upper case marks a host, as in docker), but the
      // host is lower-cased, so "registry/app" reads back as a repository. Pinned by
      // ImageReferenceTest#upperCaseFirstComponentIsAHostAsInDocker; the address work owns it.
      return;
    }
    assertThat(ImageReference.parse(printed)).isEqualTo(parsed);
  }

  private static int lengthOf(String registry) {
    return registry == null ? 0 : registry.length() + 1;
  }
}
