package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls a mirror passes on, against the stand-in: a manifest for a client's Accept, a blob open
 * (whole and ranged), a blob's presigned location, and tag pages across the Link.
 */
class RegistryClientPassThroughIT {
  static StandIn standIn;
  static Seed seed;

  @BeforeAll
  static void standIn() {
    standIn = StandIn.require();
    seed = Seed.of(standIn);
  }

  RegistryClient client() {
    return TestClients.standIn(standIn).build();
  }

  @Test
  void manifestForAnAcceptListKeepsTheContentTypeAndBytesAsServed() {
    try (RegistryClient client = client()) {
      FetchedManifest index =
          client
              .passThrough()
              .manifest(ImageReference.of("app/multi", "1.0"), List.of(MediaTypes.OCI_INDEX));
      assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
      assertThat(index.digest().toString()).isEqualTo(seed.digest("app/multi"));
    }
  }

  @Test
  void aWholeBlobStreamsVerifiedAndARangeGivesItsBytes() throws Exception {
    try (RegistryClient client = client()) {
      Descriptor config = configOf(client);
      ImageReference blob = ImageReference.of("app/small-oci", config.digest().toString());
      byte[] whole;
      try (BlobStream stream = client.passThrough().openBlob(blob)) {
        whole = stream.stream().readAllBytes();
        assertThat(stream.size()).isEqualTo(config.size());
        assertThat(stream.partial()).isFalse();
      }
      assertThat(Digest.sha256(whole)).isEqualTo(config.digest());
      try (BlobStream range = client.passThrough().openBlob(blob, 2, 9)) {
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        range.stream().transferTo(part);
        assertThat(range.offset()).isEqualTo(2);
        assertThat(range.size()).isEqualTo(config.size());
        assertThat(part.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(whole, 2, 10));
      }
    }
  }

  @Test
  void aBlobLocationIsThePresignedHttpsUrlOnTheS3Host() {
    try (RegistryClient client = client()) {
      Descriptor config = configOf(client);
      URI location =
          client
              .passThrough()
              .blobLocation(ImageReference.of("app/small-oci", config.digest().toString()))
              .orElseThrow();
      assertThat(location.getScheme()).isEqualTo("https");
      assertThat(location.getHost()).isEqualTo(standIn.s3Host());
      assertThat(location.getRawQuery()).contains("X-Amz-Signature");
    }
  }

  @Test
  void tagPagesFollowTheOpaqueTokenToTheLastPage() {
    try (RegistryClient client = client()) {
      List<String> all = new ArrayList<>();
      String last = null;
      int pages = 0;
      do {
        TagPage page = client.passThrough().tagPage("app/many-tags", 40, last);
        all.addAll(page.tags());
        last = page.nextLast();
        pages++;
      } while (last != null);
      assertThat(pages).isEqualTo(4);
      assertThat(all).containsExactlyElementsOf(seed.tags("app/many-tags"));
    }
  }

  @Test
  void cachedBlobIsTheVerifiedFileAndAPlantedWrongFileIsReplaced(@TempDir Path cache)
      throws Exception {
    try (RegistryClient client = TestClients.standIn(standIn).cacheDirectory(cache).build()) {
      Descriptor config = configOf(client);
      ImageReference blob = ImageReference.of("app/small-oci", config.digest().toString());
      Path first = client.passThrough().cachedBlob(blob);
      assertThat(Digest.sha256(Files.readAllBytes(first))).isEqualTo(config.digest());
      Files.write(first, new byte[(int) config.size()]); // same size, wrong bytes

      Path again = client.passThrough().cachedBlob(blob);

      assertThat(Digest.sha256(Files.readAllBytes(again))).isEqualTo(config.digest());
    }
  }

  private static Descriptor configOf(RegistryClient client) {
    byte[] manifest = client.manifest(ImageReference.of("app/small-oci", "1.0")).bytes();
    String json = new String(manifest, java.nio.charset.StandardCharsets.UTF_8);
    var config =
        com.google.gson.JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("config");
    return new Descriptor(
        config.get("mediaType").getAsString(),
        Digest.parse(config.get("digest").getAsString()),
        config.get("size").getAsLong());
  }
}
