package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Two processes pull the same image into one cache at the same time (issue 12, local). */
class SharedCacheIT extends AgainstFakeRegistry {

  @Test
  void twoProcessesPullingIntoOneCacheBothWriteTheSameTarAndLeaveNoTempFile() throws Exception {
    byte[] layerTar = OneLayerImage.randomBytes(2 * 1024 * 1024, 2);
    MessageDigest diffId = Digest.newSha256();
    diffId.update(layerTar);
    Buffer gz = new Buffer();
    try (GZIPOutputStream out = new GZIPOutputStream(gz.outputStream())) {
      out.write(layerTar);
    }
    byte[] layer = gz.readByteArray();
    OneLayerImage.serve(registry, "app/shared", layer, Digest.sha256Of(diffId));
    // Slow enough that the two downloads overlap.
    registry.override(
        RegistryPaths.blob("app/shared", Digest.sha256(layer)),
        r ->
            new MockResponse.Builder()
                .body(new Buffer().write(layer))
                .throttleBody(256 * 1024, 100, TimeUnit.MILLISECONDS)
                .build());

    Process a = pull("a.tar");
    Process b = pull("b.tar");
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(a.exitValue()).as(Files.readString(work.resolve("a.tar.err"))).isZero();
    assertThat(b.exitValue()).as(Files.readString(work.resolve("b.tar.err"))).isZero();
    assertThat(Files.readAllBytes(work.resolve("a.tar")))
        .isEqualTo(Files.readAllBytes(work.resolve("b.tar")));
    try (var left = Files.list(cache.resolve("tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  private Process pull(String output) throws Exception {
    return ecrCname("pull", "app/shared:1.0", "-o", output)
        .start(work.resolve(output + ".out"), work.resolve(output + ".err"));
  }
}
