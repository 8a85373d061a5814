package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.LayerCache;
import dev.ecrcname.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code cache ls}, {@code cache prune} and {@code --no-cache}, around real pulls. */
class CacheIT extends AgainstStandIn {

  Command cache(String command, String... args) {
    return Cli.ecrCname("cache", command, "--cache-dir", cache.toString()).args(args).in(work);
  }

  @Test
  void pruneFreesTheSpaceAndTheNextPullFetchesAgain() {
    ecrCname("pull", "app/small:1.0", "-o", "a.tar").run().succeeded();
    Command.Result cachedPull = ecrCname("pull", "app/small:1.0", "-o", "b.tar").run().succeeded();
    assertThat(cachedPull.stderr()).doesNotContain("(0 cached)");
    assertThat(cache("ls").run().succeeded().stdout()).doesNotStartWith("0 blobs");

    Command.Result pruned = cache("prune", "--all").run().succeeded();

    assertThat(pruned.stderr()).contains("pruned").contains("0 blobs, 0 B left");
    assertThat(cache("ls").run().succeeded().stdout()).startsWith("0 blobs, 0 B");
    Command.Result again = ecrCname("pull", "app/small:1.0", "-o", "c.tar").run().succeeded();
    assertThat(again.stderr()).contains("(0 cached)");
  }

  @Test
  void pruneByAgeKeepsWhatWasJustUsed() {
    ecrCname("pull", "app/small:1.0", "-o", "a.tar").run().succeeded();
    String before = cache("ls").run().succeeded().stdout();

    cache("prune", "--older-than", "30d").run().succeeded();

    assertThat(cache("ls").run().succeeded().stdout()).isEqualTo(before);
  }

  @Test
  void cacheUncompressedKeepsLayersThatTheNextPullCopiesAndPruneCounts() throws Exception {
    ecrCname("pull", "app/small:1.0", "-o", "plain.tar").run().succeeded();
    String blobsOnly = cache("ls").run().succeeded().stdout();
    ecrCname("pull", "--cache-uncompressed", "app/small:1.0", "-o", "a.tar").run().succeeded();
    Path kept = LayerCache.of(cache).uncompressedLayers();
    List<Path> layers;
    try (Stream<Path> files = Files.list(kept)) {
      layers = files.toList();
    }
    assertThat(layers).isNotEmpty();
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
    for (Path layer : layers) {
      Files.setLastModifiedTime(layer, old);
    }

    ecrCname("pull", "--cache-uncompressed", "app/small:1.0", "-o", "b.tar").run().succeeded();

    assertThat(work.resolve("b.tar")).hasSameBinaryContentAs(work.resolve("plain.tar"));
    assertThat(work.resolve("a.tar")).hasSameBinaryContentAs(work.resolve("plain.tar"));
    for (Path layer : layers) {
      assertThat(Files.getLastModifiedTime(layer)).as("copied, so renewed").isGreaterThan(old);
    }
    assertThat(cache("ls").run().succeeded().stdout()).isNotEqualTo(blobsOnly);
    cache("prune", "--all").run().succeeded();
    assertThat(kept).isEmptyDirectory();
  }

  @Test
  void pullWithNoCacheLeavesNoBlobBehind() throws Exception {
    ecrCname("pull", "--no-cache", "app/small:1.0", "-o", "a.tar").run().succeeded();

    assertThat(work.resolve("a.tar")).isNotEmptyFile();
    try (Stream<Path> files = Stream.concat(Files.list(work), Files.walk(cache))) {
      assertThat(files.filter(p -> !p.equals(cache)))
          .extracting(p -> p.getFileName().toString())
          .containsExactly("a.tar");
    }
  }

  @Test
  void anUnwritableDefaultCacheIsAClearErrorNotAStackTrace() throws Exception {
    Path notADirectory = Files.writeString(work.resolve("home-file"), "x");
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--endpoint", standIn.endpoint().toString()));
    args.addAll(List.of("--ca-file", standIn.caFile().toString()));
    for (String host : standIn.hostNames()) {
      args.addAll(List.of("--resolve", host + ":127.0.0.1"));
    }
    args.addAll(List.of("--registry", standIn.registryHost(), "--password-stdin"));

    Command.Result result =
        Cli.ecrCname("pull")
            .args(args)
            .args("app/small:1.0", "-o", "a.tar")
            .env("XDG_CACHE_HOME", notADirectory.resolve("cache").toString())
            .stdin(standIn.password() + "\n")
            .in(work)
            .run();

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("cannot write the layer cache");
    assertThat(result.stderr()).contains("hint: pass --cache-dir").doesNotContain("\tat ");
    assertThat(work.resolve("a.tar")).doesNotExist();
  }
}
