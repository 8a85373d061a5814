package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PulledImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives that lie or attack: each gets a clear {@link ArchiveException}, never a read outside the
 * archive.
 */
class HostileArchiveTest {
  private static final byte[] LAYER = new TestImages.Layer().file("a.txt", "a\n").tar();
  private static final byte[] CONFIG = TestImages.config(TestImages.diffIds(List.of(LAYER)));
  private static final String CONFIG_NAME = Digest.sha256(CONFIG).hex() + ".json";

  @TempDir Path dir;

  private static String manifest(String layerPath) {
    return "[{\"Config\":\""
        + CONFIG_NAME
        + "\",\"RepoTags\":null,\"Layers\":[\""
        + layerPath
        + "\"]}]";
  }

  /**
   * An archive whose config is stored under the name of {@link #CONFIG}'s digest, whatever {@code
   * config} holds.
   */
  private Path archive(byte[] config, String layerPath, byte[] layer) {
    return new RawTar()
        .file(CONFIG_NAME, config)
        .file(layerPath, layer)
        .file("manifest.json", manifest(layerPath))
        .writeTo(file());
  }

  private Path file() {
    return dir.resolve("archive-" + System.nanoTime() + ".tar");
  }

  private RawTar valid() {
    return new RawTar()
        .file(CONFIG_NAME, CONFIG)
        .file("layer.tar", LAYER)
        .file("manifest.json", manifest("layer.tar"));
  }

  @Test
  void theValidBaselineReads() throws IOException {
    try (ImageSource source = DockerArchive.read(valid().writeTo(dir.resolve("ok.tar")))) {
      assertThat(DockerArchiveReadTest.content(source.layers().get(0))).isEqualTo(LAYER);
    }
  }

  @Test
  void entryNamesWithDotDotAreRefused() {
    Path tar = valid().file("../../etc/evil", "x").writeTo(dir.resolve("dotdot.tar"));
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("'..'");
  }

  @Test
  void absoluteEntryNamesAreRefused() {
    Path tar = valid().file("/etc/evil", "x").writeTo(dir.resolve("absolute.tar"));
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("absolute");
  }

  @Test
  void symlinksEscapingTheArchiveAreNotFollowed() {
    Path tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .symlink("layer.tar", "../../../../etc/passwd")
            .file("manifest.json", manifest("layer.tar"))
            .writeTo(dir.resolve("escape.tar"));
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("outside the archive");
  }

  @Test
  void absoluteSymlinkTargetsAreNotFollowed() {
    Path tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .symlink("manifest.json", "/etc/passwd")
            .writeTo(dir.resolve("absolute-link.tar"));
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("outside the archive (/etc/passwd)");
  }

  @Test
  void hardLinksWithDotDotOutOfTheArchiveAreRefused() {
    Path tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .hardlink("layer.tar", "../../etc/passwd")
            .file("manifest.json", manifest("layer.tar"))
            .writeTo(dir.resolve("hardlink-dotdot.tar"));
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("unsafe path with '..': ../../etc/passwd");
  }

  @Test
  void hardLinksToAnAbsolutePathAreRefused() {
    Path tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .hardlink("layer.tar", "/etc/passwd")
            .file("manifest.json", manifest("layer.tar"))
            .writeTo(dir.resolve("hardlink-absolute.tar"));
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("unsafe absolute path: /etc/passwd");
  }

  @Test
  void symlinksAndHardLinksInsideTheArchiveAreFollowed() throws IOException {
    Path tar =
        new RawTar()
            .file("blobs/config", CONFIG)
            .symlink(CONFIG_NAME, "blobs/./config")
            .file("blobs/layer", LAYER)
            .hardlink("hard", "blobs/layer")
            .symlink("dir/layer.tar", "../hard")
            .file("manifest.json", manifest("dir/layer.tar"))
            .writeTo(dir.resolve("links.tar"));
    try (ImageSource source = DockerArchive.read(tar)) {
      assertThat(DockerArchiveReadTest.content(source.layers().get(0))).isEqualTo(LAYER);
    }
  }

  @Test
  void symlinkLoopsAreRefused() {
    Path tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .symlink("a", "b")
            .symlink("b", "a")
            .file("manifest.json", manifest("a"))
            .writeTo(dir.resolve("loop.tar"));
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("loop");
  }

  @Test
  void manifestNamingAMissingFileIsRefused() {
    Path tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .file("manifest.json", manifest("nowhere/layer.tar"))
            .writeTo(file());
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("no file 'nowhere/layer.tar'");
  }

  @Test
  void truncatedTarIsRefused() throws IOException {
    PulledImage image =
        TestImages.image(dir.resolve("blobs"), "1.0", TestImages.standardLayers(), Codec.GZIP);
    Path whole = dir.resolve("whole.tar");
    DockerArchive.write(image, whole);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.tar");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2 + 100));

    assertThatThrownBy(() -> DockerArchive.read(cut))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void giganticDeclaredSizeIsRefusedWithoutAllocating() {
    Path tar = valid().lyingHeader("huge", 077777777777L).writeTo(dir.resolve("gigantic.tar"));
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("declares 8589934591 bytes");
  }

  @Test
  void oversizedManifestJsonIsRefused() {
    byte[] padded = new byte[ArchiveReader.MAX_JSON + 1];
    Arrays.fill(padded, (byte) ' ');
    byte[] manifest = manifest("layer.tar").getBytes();
    System.arraycopy(manifest, 0, padded, 0, manifest.length);
    Path tar =
        new RawTar()
            .file(CONFIG_NAME, CONFIG)
            .file("layer.tar", LAYER)
            .file("manifest.json", padded)
            .writeTo(file());

    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("over the " + ArchiveReader.MAX_JSON + " byte limit");
  }

  @Test
  void paxRecordClaimingMoreBytesThanItHasIsRefused() {
    Path tar = valid().pax("2147483647 path=x\n").file("x", "x").writeTo(file());
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("corrupt (bad header at offset");
  }

  @Test
  void paxPathsAreHonouredAndChecked() {
    String records =
        new String(TarHeaders.paxRecords(Map.of("path", "../../escape")), StandardCharsets.UTF_8);
    Path tar = valid().pax(records).file("harmless", "x").writeTo(file());
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("'..'");
  }

  @Test
  void fileThatIsNotATarIsRefused() throws IOException {
    Path junk = dir.resolve("junk.tar");
    byte[] bytes = new byte[4096];
    Arrays.fill(bytes, (byte) 'x');
    Files.write(junk, bytes);
    assertThatThrownBy(() -> DockerArchive.read(junk))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("not a tar archive");
  }

  /** Issue 16: docker load never checks a legacy config's name, so neither do we. */
  @Test
  void legacyConfigThatDoesNotHashToItsNameIsRead() throws IOException {
    byte[] renamed = TestImages.config(TestImages.diffIds(List.of(LAYER)));
    renamed =
        (new String(renamed, StandardCharsets.UTF_8)
                .replace("}}", ",\"created\":\"2026-01-01T00:00:00Z\"}}"))
            .getBytes(StandardCharsets.UTF_8);
    try (ImageSource source = DockerArchive.read(archive(renamed, "layer.tar", LAYER))) {
      assertThat(source.configBytes()).isEqualTo(renamed);
      assertThat(DockerArchiveReadTest.content(source.layers().get(0))).isEqualTo(LAYER);
    }
  }

  @Test
  void configUnderBlobsThatDoesNotHashToItsNameIsRefused() {
    String name = "blobs/sha256/" + Digest.sha256("other").hex();
    Path tar =
        new RawTar()
            .file(name, CONFIG)
            .file("layer.tar", LAYER)
            .file("manifest.json", manifest("layer.tar").replace(CONFIG_NAME, name))
            .writeTo(file());
    assertThatThrownBy(() -> DockerArchive.read(tar))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("rule: a file under blobs/sha256/ is content-addressed");
  }

  @Test
  void layerThatDoesNotMatchItsDiffIdFailsWhenItsStreamEnds() throws IOException {
    byte[] otherLayer = new TestImages.Layer().file("b.txt", "b\n").tar();
    Path tar = archive(CONFIG, "layer.tar", otherLayer);
    try (ImageSource source = DockerArchive.read(tar);
        InputStream in = source.layers().get(0).content().open()) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(ArchiveException.class)
          .hasMessageContaining("rootfs.diff_ids says " + Digest.sha256(LAYER));
    }
  }

  @Test
  void compressedLayerThatDoesNotMatchItsDiffIdFailsWhenItsStreamEnds() throws IOException {
    byte[] wrong = Codec.ZSTD.compress(new TestImages.Layer().file("b.txt", "b\n").tar());
    String name = "blobs/sha256/" + Digest.sha256(wrong).hex();
    Path tar = archive(CONFIG, name, wrong);
    try (ImageSource source = DockerArchive.read(tar);
        InputStream in = source.layers().get(0).content().open()) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(ArchiveException.class)
          .hasMessageContaining("decompresses to");
    }
  }

  @Test
  void blobThatDoesNotHashToItsNameFailsWhenItsStreamEnds() throws IOException {
    byte[] gzipped = Codec.GZIP.compress(LAYER);
    String name = "blobs/sha256/" + Digest.sha256("not these bytes").hex();
    Path tar = archive(CONFIG, name, gzipped);
    try (ImageSource source = DockerArchive.read(tar);
        InputStream in = source.layers().get(0).content().open()) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(ArchiveException.class)
          .hasMessageContaining("do not hash to");
    }
  }

  @Test
  void corruptCompressedLayerIsReportedAsSuch() throws IOException {
    byte[] gzipped = Codec.GZIP.compress(LAYER);
    gzipped[gzipped.length / 2] ^= 0x55;
    Path tar = archive(CONFIG, "layer.tar.gz", gzipped);
    try (ImageSource source = DockerArchive.read(tar);
        InputStream in = source.layers().get(0).content().open()) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(ArchiveException.class);
    }
  }

  /** A gzip bomb's output: zeros, 256 MiB of them, so that a copy that never stops ends. */
  static final class Zeros extends java.io.InputStream {
    private long left = 256L << 20;

    @Override
    public int read() {
      return left-- > 0 ? 0 : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      left -= n;
      return n;
    }
  }

  @Test
  void decompressingATarballStopsBeforeTheTempFileSystemFills(@TempDir Path dir) throws Exception {
    Path scratch = Files.createFile(dir.resolve("scratch.tar"));
    assertThatThrownBy(
            () ->
                Scratch.copyLeavingRoom(
                    new Zeros(),
                    java.io.OutputStream.nullOutputStream(),
                    scratch,
                    "bomb.tar.gz",
                    Long.MAX_VALUE))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("bomb.tar.gz decompresses to more than")
        .hasMessageContaining("stopped after 0 bytes");
  }

  @Test
  void freeSpaceIsAskedAgainEvery64MiBAndTheCopyStopsWhenItRunsLow(@TempDir Path dir)
      throws Exception {
    Path scratch = Files.createFile(dir.resolve("scratch.tar"));
    long reserve = 1L << 30;
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    // Room for the first two checks (at 0 and 64 MiB), too little at the third (128 MiB).
    Scratch.UsableSpace filling = () -> asked.incrementAndGet() <= 2 ? reserve + 1 : reserve - 1;
    assertThatThrownBy(
            () ->
                Scratch.copyLeavingRoom(
                    new Zeros(),
                    java.io.OutputStream.nullOutputStream(),
                    filling,
                    scratch,
                    "bomb.tar.gz",
                    reserve))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("stopped after " + (128L << 20) + " bytes");
    assertThat(asked).hasValue(3);
  }

  @Test
  void copyWithRoomToSpareCopiesEveryByte(@TempDir Path dir) throws Exception {
    Path scratch = Files.createFile(dir.resolve("scratch.tar"));
    byte[] bytes = new byte[200_000];
    java.util.Arrays.fill(bytes, (byte) 7);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Scratch.copyLeavingRoom(
        new java.io.ByteArrayInputStream(bytes), out, () -> Long.MAX_VALUE, scratch, "x.tar", 1);
    assertThat(out.toByteArray()).isEqualTo(bytes);
  }
}
