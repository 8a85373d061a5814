package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) in the middle of a pull: the process ends promptly with exit status 130 and leaves no output file,
 * neither while downloading nor while writing the tarball (the shutdown hook lets the archive delete its temp
 * directory).
 */
class InterruptIT {
  @TempDir Path work;
  @TempDir Path cache;

  @Test
  void interruptDuringDownloadLeavesNoOutputFile() throws Exception {
    byte[] layer = new byte[4 * 1024 * 1024];
    new Random(7).nextBytes(layer);
    // Random bytes are no gzip, but the download is interrupted long before anything decompresses them.
    try (MockWebServer registry = serve(layer, Digest.sha256(layer), true)) {
      Process process = pull(registry);

      awaitLayerRequest(registry, Digest.sha256(layer));
      interrupt(process);
    }
    assertNothingLeftIn(work);
  }

  @Test
  void interruptWhileWritingTheTarballLeavesNoOutputFile() throws Exception {
    // 256 MB of zeros gzip to a few hundred kB: a quick download, then a long decompress-and-write.
    Buffer layer = new Buffer();
    MessageDigest diffId = Digest.newSha256();
    try (GZIPOutputStream gzip = new GZIPOutputStream(layer.outputStream())) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 256; i++) {
        gzip.write(zeros);
        diffId.update(zeros);
      }
    }
    byte[] compressed = layer.readByteArray();
    try (MockWebServer registry = serve(compressed, Digest.sha256Of(diffId), false)) {
      Process process = pull(registry);

      awaitTempDirectory(process);
      interrupt(process);
    }
    assertNothingLeftIn(work);
  }

  private Process pull(MockWebServer registry) throws Exception {
    return Cli.ecrCname("pull", "--endpoint", "http://127.0.0.1:" + registry.getPort(), "--password-stdin",
            "--cache-dir", cache.toString(), "app/slow:1.0", "-o", "out.tar")
        .stdin("secret\n")
        .in(work)
        .start(cache.resolve("stdout"), cache.resolve("stderr"));
  }

  private static void interrupt(Process process) throws Exception {
    // SIGINT, as Ctrl-C sends it; bash's builtin kill, as /bin/kill is not on every minimal system.
    new ProcessBuilder("bash", "-c", "kill -INT \"$0\"", Long.toString(process.pid())).inheritIO().start().waitFor();
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
    throw new AssertionError("the pull never started writing; stderr: " + Files.readString(cache.resolve("stderr")));
  }

  /** A registry with one image of one layer; {@code slow} trickles the layer out at 64 kB per 100 ms. */
  private static MockWebServer serve(byte[] layer, Digest diffId, boolean slow) throws Exception {
    Digest layerDigest = Digest.sha256(layer);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
            + ",\"digest\":\"" + Digest.sha256(config) + "\"},\"layers\":[{\"mediaType\":"
            + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length + ",\"digest\":\""
            + layerDigest + "\"}]}";
    MockWebServer registry = new MockWebServer();
    registry.setDispatcher(new Registry(manifest, config, Digest.sha256(config), layer, layerDigest, slow));
    registry.start(InetAddress.getByName("127.0.0.1"), 0);
    return registry;
  }

  private static void awaitLayerRequest(MockWebServer registry, Digest layer) throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      RecordedRequest request = registry.takeRequest(30, TimeUnit.SECONDS);
      if (request != null && request.getTarget().endsWith(layer.toString())) {
        Thread.sleep(500); // some bytes are in flight
        return;
      }
    }
    throw new AssertionError("the pull never asked for the layer");
  }

  private static final class Registry extends Dispatcher {
    private final String manifest;
    private final byte[] config;
    private final Digest configDigest;
    private final byte[] layer;
    private final Digest layerDigest;
    private final boolean slow;

    Registry(String manifest, byte[] config, Digest configDigest, byte[] layer, Digest layerDigest, boolean slow) {
      this.manifest = manifest;
      this.config = config;
      this.configDigest = configDigest;
      this.layer = layer;
      this.layerDigest = layerDigest;
      this.slow = slow;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String target = request.getTarget();
      if (target.endsWith("/manifests/1.0")) {
        return new MockResponse.Builder()
            .addHeader("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
            .body(manifest)
            .build();
      }
      if (target.endsWith(configDigest.toString())) {
        return new MockResponse.Builder().body(new Buffer().write(config)).build();
      }
      if (target.endsWith(layerDigest.toString())) {
        MockResponse.Builder response = new MockResponse.Builder().body(new Buffer().write(layer));
        return slow ? response.throttleBody(64 * 1024, 100, TimeUnit.MILLISECONDS).build() : response.build();
      }
      return new MockResponse.Builder().code(404).build();
    }
  }
}
