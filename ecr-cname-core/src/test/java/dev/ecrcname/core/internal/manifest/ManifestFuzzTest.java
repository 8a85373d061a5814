package dev.ecrcname.core.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzing of the manifest and index parser (issue 21): any bytes give a parsed manifest or a {@link
 * ContentException} with a message, never another throwable. What parses has sizes of zero or more,
 * and round-trips: written again by {@link ManifestWriter} (as a push writes it), it parses to the
 * same descriptors and platforms. Seeds in {@code ManifestFuzzTestInputs/}.
 */
class ManifestFuzzTest {
  @FuzzTest
  void aManifestParsesAndRoundTripsOrIsAContentError(byte[] input) {
    ParsedManifest parsed;
    try {
      parsed = ManifestParser.parse(input, null, "fuzzed");
    } catch (ContentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    if (parsed instanceof ParsedManifest.Image image) {
      checkImage(image);
    } else if (parsed instanceof ParsedManifest.Index index) {
      checkIndex(index);
    }
  }

  private static void checkImage(ParsedManifest.Image image) {
    assertThat(image.config().size()).isNotNegative();
    image.layers().forEach(l -> assertThat(l.size()).isNotNegative());
    byte[] written = ManifestWriter.image(image.mediaType(), image.config(), image.layers());
    ParsedManifest again = ManifestParser.parse(written, null, "written");
    assertThat(again).isInstanceOf(ParsedManifest.Image.class);
    ParsedManifest.Image reread = (ParsedManifest.Image) again;
    assertThat(reread.mediaType()).isEqualTo(image.mediaType());
    assertThat(essence(reread.config())).isEqualTo(essence(image.config()));
    assertThat(reread.layers().stream().map(ManifestFuzzTest::essence).toList())
        .isEqualTo(image.layers().stream().map(ManifestFuzzTest::essence).toList());
  }

  private static void checkIndex(ParsedManifest.Index index) {
    List<ManifestWriter.IndexEntry> entries = new ArrayList<>();
    for (ParsedManifest.Entry entry : index.manifests()) {
      assertThat(entry.descriptor().size()).isNotNegative();
      Platform platform = entry.platform();
      if (platform == null) {
        return; // the writer writes images for platforms only
      }
      entries.add(new ManifestWriter.IndexEntry(entry.descriptor(), platform));
    }
    ParsedManifest again =
        ManifestParser.parse(ManifestWriter.index(index.mediaType(), entries), null, "written");
    assertThat(again).isInstanceOf(ParsedManifest.Index.class);
    List<ParsedManifest.Entry> reread = ((ParsedManifest.Index) again).manifests();
    assertThat(reread).hasSameSizeAs(entries);
    for (int i = 0; i < entries.size(); i++) {
      assertThat(essence(reread.get(i).descriptor())).isEqualTo(essence(entries.get(i).manifest()));
      assertThat(reread.get(i).platform()).isEqualTo(entries.get(i).platform());
    }
  }

  /** What the writer keeps of a descriptor: media type, digest and size. */
  private static String essence(Descriptor d) {
    return d.mediaType() + " " + d.digest() + " " + d.size();
  }
}
