package dev.ecrcname.core.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {
  static final byte[] BYTES = "a blob".getBytes(StandardCharsets.UTF_8);
  static final Digest DIGEST = Digest.sha256(BYTES);

  @TempDir Path root;

  Path committed(BlobCache cache) throws IOException {
    Path temp = cache.newTempFile(DIGEST);
    Files.write(temp, BYTES);
    return cache.commit(temp, DIGEST);
  }

  @Test
  void commitPublishesTheTempFileUnderItsDigestAndRemovesTheTemp() throws IOException {
    BlobCache cache = new BlobCache(root);
    Path temp = cache.newTempFile(DIGEST);
    Files.write(temp, BYTES);

    Path blob = cache.commit(temp, DIGEST);

    assertThat(blob)
        .isEqualTo(root.resolve("blobs/sha256/" + DIGEST.hex()))
        .hasBinaryContent(BYTES);
    assertThat(temp).doesNotExist();
  }

  @Test
  void tempFilesLiveInTheCachesTmpFolderNamedAfterTheDigest() throws IOException {
    Path temp = new BlobCache(root).newTempFile(DIGEST);

    assertThat(temp.getParent()).isEqualTo(root.resolve("tmp"));
    assertThat(temp.getFileName().toString())
        .startsWith(DIGEST.hex().substring(0, 16) + "-")
        .endsWith(".part");
  }

  @Test
  void findGivesACommittedBlobOfTheDeclaredSize() throws IOException {
    BlobCache cache = new BlobCache(root);
    Path blob = committed(cache);

    assertThat(cache.find(new Descriptor(MediaTypes.OCI_LAYER, DIGEST, BYTES.length)))
        .contains(blob);
  }

  @Test
  void findIgnoresABlobOfAnotherSizeThanDeclared() throws IOException {
    BlobCache cache = new BlobCache(root);
    committed(cache);

    assertThat(cache.find(new Descriptor(MediaTypes.OCI_LAYER, DIGEST, BYTES.length + 1)))
        .isEmpty();
  }

  @Test
  void findIgnoresAMissingBlob() {
    assertThat(new BlobCache(root).find(new Descriptor(MediaTypes.OCI_LAYER, DIGEST, BYTES.length)))
        .isEmpty();
  }

  @Test
  void compressedForGivesTheRememberedGzipBlob() throws IOException {
    BlobCache cache = new BlobCache(root);
    byte[] tar = "the tar".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(tar);
    }
    Digest gzip = Digest.sha256(gz.toByteArray());
    Path temp = cache.newTempFile(gzip);
    Files.write(temp, gz.toByteArray());
    Path blob = cache.commit(temp, gzip);
    Digest diffId = Digest.sha256(tar);

    cache.rememberCompressed(diffId, Compression.GZIP, gzip);

    // The remembered blob is checked: it must hash to its name and gunzip to the diff_id.
    assertThat(cache.compressedFor(diffId, tar.length, Compression.GZIP))
        .contains(new BlobCache.CachedBlob(gzip, gz.size(), blob));
  }

  @Test
  void compressedForIsEmptyWhenTheBlobIsGone() throws IOException {
    BlobCache cache = new BlobCache(root);
    Digest diffId = Digest.sha256("the tar");
    cache.rememberCompressed(diffId, Compression.GZIP, DIGEST);

    assertThat(cache.compressedFor(diffId, 7, Compression.GZIP)).isEmpty();
  }

  @Test
  void compressedForIsEmptyForADamagedLink() throws IOException {
    BlobCache cache = new BlobCache(root);
    committed(cache);
    Digest diffId = Digest.sha256("the tar");
    Path link = root.resolve("diffids/sha256/" + diffId.hex());
    Files.createDirectories(link.getParent());
    Files.writeString(link, "not a digest");

    assertThat(cache.compressedFor(diffId, 7, Compression.GZIP)).isEmpty();
  }

  @Test
  void compressedForIsEmptyForAnUnknownDiffId() {
    assertThat(
            new BlobCache(root).compressedFor(Digest.sha256("never pushed"), 12, Compression.GZIP))
        .isEmpty();
  }

  /**
   * Issue 21, item 14: a forged mapping to a small blob that inflates to far more than the layer (a
   * gzip bomb) is refused after the layer's size plus one byte, not inflated to its end.
   */
  @Test
  void checkingARememberedBlobInflatesNoMoreThanTheLayersSizePlusOneByte() throws IOException {
    BlobCache cache = new BlobCache(root);
    byte[] member;
    java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(one)) {
      out.write(new byte[1 << 20]);
    }
    member = one.toByteArray();
    java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 256; i++) { // 256 MiB of zeros in about 260 KB
      bomb.write(member);
    }
    Digest gzip = Digest.sha256(bomb.toByteArray());
    Path temp = cache.newTempFile(gzip);
    Files.write(temp, bomb.toByteArray());
    Path blob = cache.commit(temp, gzip);
    Digest diffId = Digest.sha256("the real layer");
    long size = 4096;

    BlobCache.Check check = BlobCache.check(blob, Compression.GZIP, gzip, diffId, size);

    assertThat(check.holds()).isFalse();
    assertThat(check.inflated()).isEqualTo(size + 1);
    cache.rememberCompressed(diffId, Compression.GZIP, gzip);
    assertThat(cache.compressedFor(diffId, size, Compression.GZIP)).isEmpty();
  }

  @Test
  void aRememberedBlobThatInflatesToFewerBytesThanTheLayerDoesNotHold() throws IOException {
    BlobCache cache = new BlobCache(root);
    byte[] tar = "the tar".getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(tar);
    }
    Digest gzip = Digest.sha256(gz.toByteArray());
    Path temp = cache.newTempFile(gzip);
    Files.write(temp, gz.toByteArray());
    Path blob = cache.commit(temp, gzip);

    assertThat(BlobCache.check(blob, Compression.GZIP, gzip, Digest.sha256(tar), tar.length + 1))
        .isEqualTo(new BlobCache.Check(false, tar.length));
  }

  @Test
  void openingTheCacheDeletesTempFilesOlderThanADayAndKeepsYoungerOnes() throws IOException {
    BlobCache first = new BlobCache(root);
    Path abandoned = first.newTempFile(DIGEST);
    Path live = first.newTempFile(DIGEST);
    Files.setLastModifiedTime(
        abandoned, FileTime.from(Instant.now().minus(Duration.ofDays(1)).minusSeconds(60)));
    Files.setLastModifiedTime(
        live, FileTime.from(Instant.now().minus(Duration.ofDays(1)).plusSeconds(600)));

    new BlobCache(root);

    assertThat(abandoned).doesNotExist();
    assertThat(live).exists();
  }

  @Test
  void rootIsAbsolute() {
    assertThat(new BlobCache(Path.of("relative-cache")).root())
        .isEqualTo(Path.of("relative-cache").toAbsolutePath());
  }
}
