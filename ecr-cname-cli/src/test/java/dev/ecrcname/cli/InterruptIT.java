package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.FakeRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) in the middle of a pull: the process ends promptly with exit status 130 and
 * leaves no output file, neither while downloading nor while writing the tarball (the shutdown hook
 * lets the archive delete its temp directory). A layer that fails its check while the tarball is
 * written leaves none either.
 */
class InterruptIT {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path work;
  @TempDir Path cache;

  @Test
  void interruptDuringDownloadLeavesNoOutputFile() throws Exception {
    byte[] layer = new byte[4 * 1024 * 1024];
    new Random(7).nextBytes(layer);
    // Random bytes are no gzip, but the download is interrupted long before anything decompresses
    // them.
    serve(layer, Digest.sha256(layer), true);
    Process process = pull();

    awaitLayerRequest(Digest.sha256(layer));
    interrupt(process);
    // Nothing is written next to the target during a download; what a download writes is the cache,
    // which must not hold the interrupted layer under its digest.
    assertThat(cache.resolve("blobs/sha256/" + Digest.sha256(layer).hex())).doesNotExist();
    assertNothingLeftIn(work);
  }

  @Test
  void layerFailingItsDiffIdWhileTheTarballIsWrittenLeavesNoOutputFile() throws Exception {
    byte[] compressed = gzippedZeros(256);
    serve(compressed, Digest.sha256("not this layer"), false);
    Process process = pull();

    awaitTempDirectory(process);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the pull fails by itself").isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(Files.readString(cache.resolve("stderr"))).contains("diff_id");
    assertNothingLeftIn(work);
  }

  @Test
  void interruptWhileWritingTheTarballLeavesNoOutputFile() throws Exception {
    // 256 MB of zeros gzip to a few hundred kB: a quick download, then a long decompress-and-write.
    byte[] compressed = gzippedZeros(256);
    MessageDigest diffId = Digest.newSha256();
    byte[] zeros = new byte[1024 * 1024];
    for (int i = 0; i < 256; i++) {
      diffId.update(zeros);
    }
    serve(compressed, Digest.sha256Of(diffId), false);
    Process process = pull();

    awaitTempDirectory(process);
    interrupt(process);
    assertNothingLeftIn(work);
  }

  private static byte[] gzippedZeros(int mebibytes) throws Exception {
    Buffer layer = new Buffer();
    try (GZIPOutputStream gzip = new GZIPOutputStream(layer.outputStream())) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < mebibytes; i++) {
        gzip.write(zeros);
      }
    }
    return layer.readByteArray();
  }

  private Process pull() throws Exception {
    return Cli.ecrCname(
            "pull",
            "--endpoint",
            "http://127.0.0.1:" + registry.server().getPort(),
            "--password-stdin",
            "--cache-dir",
            cache.toString(),
            "app/slow:1.0",
            "-o",
            "out.tar")
        .stdin("secret\n")
        .in(work)
        .start(cache.resolve("stdout"), cache.resolve("stderr"));
  }

  private static void interrupt(Process process) throws Exception {
    // SIGINT, as Ctrl-C sends it; bash's builtin kill, as /bin/kill is not on every minimal system.
    new ProcessBuilder("bash", "-c", "kill -INT \"$0\"", Long.toString(process.pid()))
        .inheritIO()
        .start()
        .waitFor();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the pull ends after Ctrl-C").isTrue();
    assertThat(process.exitValue()).as("128 + SIGINT, as shells report Ctrl-C").isEqualTo(130);
  }

  private static void assertNothingLeftIn(Path directory) throws Exception {
    try (Stream<Path> left = Files.list(directory)) {
      assertThat(left).as("files left in the output directory").isEmpty();
    }
  }

  /** Waits until the archive's temp directory appears next to the target. */
  private void awaitTempDirectory(Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Stream<Path> files = Files.list(work)) {
        if (files.anyMatch(f -> f.getFileName().toString().startsWith("out.tar.tmp-"))) {
          Thread.sleep(200); // let it write a while
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "the pull never started writing; stderr: " + Files.readString(cache.resolve("stderr")));
  }

  /**
   * One image of one layer as app/slow:1.0; {@code slow} trickles the layer out at 64 kB per 100
   * ms.
   */
  private void serve(byte[] layer, Digest diffId, boolean slow) {
    Digest layerDigest = Digest.sha256(layer);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + config.length
                + ",\"digest\":\""
                + Digest.sha256(config)
                + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":"
                + layer.length
                + ",\"digest\":\""
                + layerDigest
                + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    registry.image(
        "app/slow",
        "1.0",
        "application/vnd.docker.distribution.manifest.v2+json",
        Digest.sha256(manifest).toString(),
        manifest,
        Map.of(Digest.sha256(config).toString(), config, layerDigest.toString(), layer));
    if (slow) {
      registry.override(
          "/v2/app/slow/blobs/" + layerDigest,
          r ->
              new MockResponse.Builder()
                  .body(new Buffer().write(layer))
                  .throttleBody(64 * 1024, 100, TimeUnit.MILLISECONDS)
                  .build());
    }
  }

  private void awaitLayerRequest(Digest layer) throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      RecordedRequest request = registry.server().takeRequest(30, TimeUnit.SECONDS);
      if (request != null && request.getTarget().endsWith(layer.toString())) {
        Thread.sleep(500); // some bytes are in flight
        return;
      }
    }
    throw new AssertionError("the pull never asked for the layer");
  }
}
