package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** {@code pull --parallel N}: never more than N layer downloads at once. */
class PullParallelismIT extends AgainstFakeRegistry {
  private static final int LAYERS = 4;

  private final Object lock = new Object();
  private int inFlight;
  private final AtomicInteger peak = new AtomicInteger();

  @Test
  void parallelTwoDownloadsTwoLayersAtOnceAndNeverThree() throws Exception {
    serveLayersThatWaitForAThird();

    ecrCname("pull", "--parallel", "2", "app/layers:1.0", "-o", "out.tar").run().succeeded();

    // The default (4) would let a third layer request in at once.
    assertThat(peak).hasValue(2);
    assertThat(work.resolve("out.tar")).isRegularFile();
  }

  /**
   * Each layer request waits (up to 3 s) for a third to be in flight at the same time, so that the
   * peak reaches every layer the client asks for at once, whatever the timing.
   */
  private void serveLayersThatWaitForAThird() throws Exception {
    Map<String, byte[]> blobs = new HashMap<>();
    StringBuilder layers = new StringBuilder();
    StringBuilder diffIds = new StringBuilder();
    for (int i = 1; i <= LAYERS; i++) {
      byte[] tar = new byte[1024 * (i + 1)]; // zeros: an empty tar with padding
      byte[] gzipped = gzip(tar);
      Digest digest = Digest.sha256(gzipped);
      blobs.put(digest.toString(), gzipped);
      layers
          .append(i > 1 ? "," : "")
          .append("{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":")
          .append(gzipped.length)
          .append(",\"digest\":\"")
          .append(digest)
          .append("\"}");
      diffIds.append(i > 1 ? "," : "").append('"').append(Digest.sha256(tar)).append('"');
      registry.override(RegistryPaths.blob("app/layers", digest), r -> slowLayer(gzipped));
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + diffIds
                + "]}}")
            .getBytes(StandardCharsets.UTF_8);
    blobs.put(Digest.sha256(config).toString(), config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + config.length
                + ",\"digest\":\""
                + Digest.sha256(config)
                + "\"},\"layers\":["
                + layers
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    registry.image(
        "app/layers",
        "1.0",
        "application/vnd.docker.distribution.manifest.v2+json",
        Digest.sha256(manifest).toString(),
        manifest,
        blobs);
  }

  private MockResponse slowLayer(byte[] body) {
    synchronized (lock) {
      inFlight++;
      peak.accumulateAndGet(inFlight, Math::max);
      lock.notifyAll();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      try {
        for (long left; inFlight < 3 && (left = deadline - System.nanoTime()) > 0; ) {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight--;
      }
    }
    return new MockResponse.Builder().body(new Buffer().write(body)).build();
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    Buffer out = new Buffer();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out.outputStream())) {
      gzip.write(bytes);
    }
    return out.readByteArray();
  }
}
