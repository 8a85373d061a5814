package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C (SIGINT) in the middle of a pull: the process ends promptly with exit status 130 and
 * leaves no output file, neither while downloading nor while writing the tarball (the shutdown hook
 * lets the archive delete its temp directory). In the middle of a push: exit 130, no temp file in
 * the cache, and no manifest, so no tag names a partial image. A layer that fails its check while
 * the tarball is written leaves none either.
 */
class InterruptIT extends AgainstFakeRegistry {

  @Test
  void interruptDuringDownloadLeavesNoOutputFile() throws Exception {
    byte[] layer = OneLayerImage.randomBytes(4 * 1024 * 1024, 7);
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

  @Test
  void interruptDuringAPushUploadLeavesNoTempFileAndPutsNoManifest() throws Exception {
    byte[] content =
        OneLayerImage.randomBytes(
            8 * 1024 * 1024, 12); // random bytes do not compress: the upload stays 8 MiB
    byte[] layer = tar(ustar("blob.bin", content));
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\""
                + Digest.sha256(layer)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String configName = Digest.sha256(config).hex() + ".json";
    byte[] manifest =
        ("[{\"Config\":\"" + configName + "\",\"RepoTags\":null,\"Layers\":[\"layer.tar\"]}]")
            .getBytes(StandardCharsets.UTF_8);
    Files.write(
        work.resolve("saved.tar"),
        tar(
            ustar(configName, config),
            ustar("layer.tar", layer),
            ustar("manifest.json", manifest)));
    // 640 kB/s: the 8 MiB layer takes over ten seconds to upload.
    registry.throttleRequestBodies(64 * 1024, 100, TimeUnit.MILLISECONDS);
    Process process =
        ecrCname("push", "saved.tar", "app/pushed:1.0")
            .start(cache.resolve("stdout"), cache.resolve("stderr"));

    awaitUploadStart();
    interrupt(process);
    List<String> errors =
        Files.readAllLines(cache.resolve("stderr")).stream()
            .filter(line -> line.startsWith("ecr-cname: error:"))
            .toList();
    assertThat(errors).singleElement().asString().contains("interrupted");
    Path tmp = cache.resolve("tmp");
    if (Files.isDirectory(tmp)) {
      assertNothingLeftIn(tmp);
    }
    assertThat(registry.pushedManifests()).as("manifests PUT").isEmpty();
  }

  /** Waits for the first upload session, then lets the upload run a while. */
  private void awaitUploadStart() throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      RecordedRequest request = registry.server().takeRequest(30, TimeUnit.SECONDS);
      if (request != null
          && request.getMethod().equals("POST")
          && request.getTarget().contains("/blobs/uploads/")) {
        Thread.sleep(2000); // the PATCH body is flowing, slowly
        return;
      }
    }
    throw new AssertionError("the push never started an upload");
  }

  /** A tar of the given ustar entries and the two zero blocks that end it. */
  private static byte[] tar(byte[]... entries) {
    Buffer tar = new Buffer();
    for (byte[] entry : entries) {
      tar.write(entry);
    }
    return tar.write(new byte[1024]).readByteArray();
  }

  /** One regular-file ustar entry: header, content, padding to 512 bytes. */
  private static byte[] ustar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, "00000000000");
    put(header, 148, "        ");
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xFF;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    int padding = (512 - content.length % 512) % 512;
    return new Buffer().write(header).write(content).write(new byte[padding]).readByteArray();
  }

  private static void put(byte[] header, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, at, bytes.length);
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
    return ecrCname("pull", "app/slow:1.0", "-o", "out.tar")
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
    OneLayerImage.serve(registry, "app/slow", layer, diffId);
    if (slow) {
      registry.override(
          RegistryPaths.blob("app/slow", layerDigest),
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
