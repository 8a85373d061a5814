package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.RegistryPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Registry and tarball text with escape sequences, through every command that prints it, as the jar
 * runs (issue 21, defect 1): the inspect table, the pull summary, the tarball writer's warning, the
 * retry log line and the OCI reader's platform logs. Every line the CLI prints or logs goes through
 * one writer ({@link TerminalStream}), so none of them reaches the terminal with an escape; the
 * bytes {@code inspect --raw} prints stay exactly the registry's.
 */
class TerminalEscapesIT extends AgainstFakeRegistry {
  /** OSC retitle, CSI clear screen, a C1 CSI and a right-to-left override. */
  static final String EVIL = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e";

  static final String INDEX = "application/vnd.oci.image.index.v1+json";
  static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** What a terminal would act on: ESC, BEL, C1 controls, bidi overrides. */
  static void noEscapes(String text) {
    assertThat(text).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e", "pwned\u0007");
  }

  static void noEscapes(Command.Result result) {
    noEscapes(result.stdout());
    noEscapes(result.stderr());
  }

  @Test
  void theInspectTableOfAnIndexShowsNoEscapeAndRawKeepsTheServedBytes() throws Exception {
    byte[] index = serveIndex("app/evil");

    Command.Result table = ecrCname("inspect", "app/evil:1").run().succeeded();
    noEscapes(table);
    assertThat(table.stdout()).contains("PLATFORM").contains("linux/amd64");

    Command.Result raw = ecrCname("inspect", "--raw", "app/evil:1").run().succeeded();
    assertThat(raw.stdoutBytes()).isEqualTo(index);
    noEscapes(raw.stderr());
  }

  @Test
  void thePullSummaryAndTheWritersWarningShowNoEscape() throws Exception {
    serveIndex("app/evil");

    Command.Result pull =
        ecrCname("pull", "--all-platforms", "app/evil:1", "-o", "evil.tar").run().succeeded();

    noEscapes(pull);
    assertThat(pull.stderr()).contains("manifest.json lists").contains("pulled app/evil:1");
  }

  @Test
  void theRetryLineShowsNoEscape() {
    AtomicInteger calls = new AtomicInteger();
    registry.override(
        RegistryPaths.tags("app/evil"),
        r ->
            calls.incrementAndGet() == 1
                ? new MockResponse.Builder()
                    .code(503)
                    .setHeader("Retry-After", "1") // 0 would make OkHttp itself retry, unlogged
                    .setHeader("Content-Type", "application/json")
                    .body(errorBody())
                    .build()
                : new MockResponse.Builder()
                    .setHeader("Content-Type", "application/json")
                    .body("{\"name\":\"app/evil\",\"tags\":[\"1\"]}")
                    .build());

    Command.Result tags = ecrCname("tags", "-v", "app/evil").run().succeeded();

    noEscapes(tags);
    assertThat(tags.stderr()).contains("retry 1 of");
  }

  @Test
  void theOciReadersPlatformLogsShowNoEscape() throws Exception {
    Path tar = work.resolve("evil-oci.tar");
    Files.write(tar, ociTarball());

    Command.Result push = ecrCname("push", "-v", tar.toString(), "app/pushed:1").run().succeeded();

    noEscapes(push);
    assertThat(push.stderr()).contains("leaving out").contains("does not hold all of it");
  }

  private static String errorBody() {
    JsonObject error = new JsonObject();
    error.addProperty("code", "UNAVAILABLE");
    error.addProperty("message", "busy" + EVIL);
    JsonArray errors = new JsonArray();
    errors.add(error);
    JsonObject body = new JsonObject();
    body.add("errors", errors);
    return body.toString();
  }

  /** One image per architecture, each named with escapes after amd64 or arm64. */
  private byte[] serveIndex(String repository) throws IOException {
    JsonArray manifests = new JsonArray();
    for (String arch : new String[] {"amd64" + EVIL, "arm64" + EVIL}) {
      Map<String, byte[]> blobs = new HashMap<>();
      byte[] manifest = image(arch, blobs);
      String digest = Digest.sha256(manifest).toString();
      registry.image(repository, digest, MANIFEST, digest, manifest, blobs);
      manifests.add(descriptor(MANIFEST, manifest, platform("linux", arch)));
    }
    byte[] index = index(manifests);
    registry.image(
        repository, "1", INDEX, Digest.sha256(index).toString(), index, Map.<String, byte[]>of());
    return index;
  }

  /** An image of one empty gzip layer for {@code arch}; its blobs go into {@code blobs}. */
  private static byte[] image(String arch, Map<String, byte[]> blobs) throws IOException {
    byte[] tar = new byte[1024];
    byte[] layer = gzip(tar);
    JsonObject config = new JsonObject();
    config.addProperty("architecture", arch);
    config.addProperty("os", "linux");
    JsonObject rootfs = new JsonObject();
    rootfs.addProperty("type", "layers");
    JsonArray diffIds = new JsonArray();
    diffIds.add(Digest.sha256(tar).toString());
    rootfs.add("diff_ids", diffIds);
    config.add("rootfs", rootfs);
    byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
    blobs.put(Digest.sha256(configBytes).toString(), configBytes);
    blobs.put(Digest.sha256(layer).toString(), layer);
    JsonObject manifest = new JsonObject();
    manifest.addProperty("schemaVersion", 2);
    manifest.addProperty("mediaType", MANIFEST);
    manifest.add(
        "config", descriptor("application/vnd.oci.image.config.v1+json", configBytes, null));
    JsonArray layers = new JsonArray();
    layers.add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer, null));
    manifest.add("layers", layers);
    return manifest.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * An OCI archive whose index lists one image it holds (linux/amd64), an attestation-like entry
   * (unknown architecture) and an image it lacks, the latter two with escapes in their platforms.
   */
  private static byte[] ociTarball() throws IOException {
    Map<String, byte[]> blobs = new HashMap<>();
    byte[] held = image("amd64", blobs);
    blobs.put(Digest.sha256(held).toString(), held);
    JsonArray manifests = new JsonArray();
    manifests.add(descriptor(MANIFEST, held, platform("linux", "amd64")));
    manifests.add(
        descriptor(
            MANIFEST, "attestation".getBytes(StandardCharsets.UTF_8), platform(EVIL, "unknown")));
    manifests.add(
        descriptor(
            MANIFEST,
            "not held".getBytes(StandardCharsets.UTF_8),
            platform("linux", "arm64" + EVIL)));
    byte[] index = index(manifests);
    blobs.put(Digest.sha256(index).toString(), index);
    JsonArray top = new JsonArray();
    JsonObject named = descriptor(INDEX, index, null);
    JsonObject annotations = new JsonObject();
    annotations.addProperty("io.containerd.image.name", "docker.io/library/evil:1");
    named.add("annotations", annotations);
    top.add(named);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      entry(
          tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      entry(tar, "index.json", index(top));
      for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
        entry(tar, "blobs/sha256/" + Digest.parse(blob.getKey()).hex(), blob.getValue());
      }
    }
    return bytes.toByteArray();
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static byte[] index(JsonArray manifests) {
    JsonObject index = new JsonObject();
    index.addProperty("schemaVersion", 2);
    index.addProperty("mediaType", INDEX);
    index.add("manifests", manifests);
    return index.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject platform(String os, String architecture) {
    JsonObject platform = new JsonObject();
    platform.addProperty("os", os);
    platform.addProperty("architecture", architecture);
    return platform;
  }

  private static JsonObject descriptor(
      String mediaType, byte[] content, @org.jspecify.annotations.Nullable JsonObject platform) {
    JsonObject descriptor = new JsonObject();
    descriptor.addProperty("mediaType", mediaType);
    descriptor.addProperty("digest", Digest.sha256(content).toString());
    descriptor.addProperty("size", content.length);
    if (platform != null) {
      descriptor.add("platform", platform);
    }
    return descriptor;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}
