package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.FakeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two processes pull the same image into one cache at the same time (issue 12, local). */
class SharedCacheIT {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path work;
  @TempDir Path cache;

  @Test
  void twoProcessesPullingIntoOneCacheBothWriteTheSameTarAndLeaveNoTempFile() throws Exception {
    byte[] layerTar = new byte[2 * 1024 * 1024];
    new Random(2).nextBytes(layerTar);
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
        "/v2/app/shared/blobs/" + Digest.sha256(layer),
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
    return Cli.ecrCname(
            "pull",
            "--endpoint",
            "http://127.0.0.1:" + registry.server().getPort(),
            "--insecure-plain-http",
            "--password-stdin",
            "--cache-dir",
            cache.toString(),
            "app/shared:1.0",
            "-o",
            output)
        .stdin("secret\n")
        .in(work)
        .start(work.resolve(output + ".out"), work.resolve(output + ".err"));
  }
}
