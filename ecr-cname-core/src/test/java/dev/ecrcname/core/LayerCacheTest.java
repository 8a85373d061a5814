package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {
  @TempDir Path dir;

  /** A blob of {@code size} bytes last used {@code daysAgo} days ago. */
  Path blob(String hexStart, int size, int daysAgo) throws Exception {
    Path blob = dir.resolve("blobs/sha256/" + hexStart + "0".repeat(64 - hexStart.length()));
    Files.createDirectories(blob.getParent());
    Files.write(blob, new byte[size]);
    Files.setLastModifiedTime(blob, FileTime.from(Instant.now().minus(Duration.ofDays(daysAgo))));
    return blob;
  }

  @Test
  void holdsLooksForTheBlobsFileWithoutReadingIt() throws Exception {
    Path file = blob("a", 10, 0); // not the bytes of its digest: holds is a hint, not a check
    Digest there = Digest.parse("sha256:" + file.getFileName());
    Digest absent = Digest.parse("sha256:" + "c".repeat(64));
    Path link = dir.resolve("blobs/sha256/" + "d".repeat(64));
    Files.createSymbolicLink(link, file);

    LayerCache cache = LayerCache.of(dir);
    assertThat(cache.holds(there)).isTrue();
    assertThat(cache.holds(absent)).isFalse();
    assertThat(cache.holds(Digest.parse("sha256:" + "d".repeat(64))))
        .as("a link is never a cached blob")
        .isFalse();
  }

  @Test
  void usageCountsBlobsAndTheirBytes() throws Exception {
    blob("a", 100, 0);
    blob("b", 50, 0);

    assertThat(LayerCache.of(dir).usage()).isEqualTo(new LayerCache.Usage(2, 150));
  }

  @Test
  void uncompressedLayersAreCountedAndPrunedWithTheBlobs() throws Exception {
    LayerCache cache = LayerCache.of(dir);
    Path blob = blob("a", 100, 0);
    Path tar = cache.uncompressedLayers().resolve("b" + "0".repeat(63));
    assertThat(tar.startsWith(cache.directory())).isTrue();
    Files.createDirectories(tar.getParent());
    Files.write(tar, new byte[300]);
    Files.setLastModifiedTime(tar, FileTime.from(Instant.now().minus(Duration.ofDays(40))));

    assertThat(cache.usage()).isEqualTo(new LayerCache.Usage(2, 400));
    assertThat(cache.prune(null, Duration.ofDays(30))).isEqualTo(new LayerCache.Usage(1, 300));
    assertThat(tar).doesNotExist();
    assertThat(blob).exists();
  }

  @Test
  void aDanglingSymlinkIsSkippedAndTheRestIsCountedAndPruned() throws Exception {
    Path blob = blob("a", 100, 0);
    Path dangling = dir.resolve("blobs/sha256/c" + "0".repeat(63));
    Files.createSymbolicLink(dangling, dir.resolve("gone"));
    Path loop = dir.resolve("blobs/sha256/d" + "0".repeat(63));
    Files.createSymbolicLink(loop, loop);
    LayerCache cache = LayerCache.of(dir);

    assertThat(cache.usage()).isEqualTo(new LayerCache.Usage(1, 100));
    assertThat(cache.prune(null, null)).isEqualTo(new LayerCache.Usage(1, 100));
    assertThat(blob).doesNotExist();
    assertThat(Files.isSymbolicLink(dangling)).isTrue();
  }

  @Test
  void aSymlinkToABlobIsCountedByItsTargetAndPrunedWithoutTheTarget() throws Exception {
    Path target = Files.write(dir.resolve("outside"), new byte[70]);
    Path link = dir.resolve("blobs/sha256/e" + "0".repeat(63));
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, target);
    LayerCache cache = LayerCache.of(dir);

    assertThat(cache.usage()).isEqualTo(new LayerCache.Usage(1, 70));
    assertThat(cache.prune(null, null)).isEqualTo(new LayerCache.Usage(1, 70));
    assertThat(link).doesNotExist();
    assertThat(target).exists();
  }

  @Test
  void anEmptyOrMissingCacheHoldsNothing() {
    assertThat(LayerCache.of(dir.resolve("none")).usage()).isEqualTo(new LayerCache.Usage(0, 0));
  }

  @Test
  void pruneWithNoLimitDeletesEveryBlob() throws Exception {
    blob("a", 100, 0);
    blob("b", 50, 40);

    LayerCache.Usage freed = LayerCache.of(dir).prune(null, null);

    assertThat(freed).isEqualTo(new LayerCache.Usage(2, 150));
    assertThat(LayerCache.of(dir).usage().blobs()).isZero();
  }

  @Test
  void pruneOlderThanDeletesOnlyBlobsUnusedSinceThen() throws Exception {
    Path fresh = blob("a", 100, 1);
    Path old = blob("b", 50, 40);

    LayerCache.Usage freed = LayerCache.of(dir).prune(null, Duration.ofDays(30));

    assertThat(freed).isEqualTo(new LayerCache.Usage(1, 50));
    assertThat(fresh).exists();
    assertThat(old).doesNotExist();
  }

  @Test
  void pruneToAMaximumSizeDeletesTheLeastRecentlyUsedFirst() throws Exception {
    Path newest = blob("a", 100, 1);
    Path middle = blob("b", 100, 5);
    Path oldest = blob("c", 100, 9);

    LayerCache.Usage freed = LayerCache.of(dir).prune(150L, null);

    assertThat(freed).isEqualTo(new LayerCache.Usage(2, 200));
    assertThat(newest).exists();
    assertThat(middle).doesNotExist();
    assertThat(oldest).doesNotExist();
  }

  @Test
  void aNegativeSizeIsABadArgument() {
    assertThatThrownBy(() -> LayerCache.of(dir).prune(-1L, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
