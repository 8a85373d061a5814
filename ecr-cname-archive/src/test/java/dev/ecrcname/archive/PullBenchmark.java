package dev.ecrcname.archive;

import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.StandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: times the two stages of a pull of {@code bench/big:1.0} (seeded by {@code
 * scripts/bench}) separately, in one JVM, each round from an empty cache, so a profile can tell
 * download from archive writing and cold from warm JIT. {@code scripts/bench} times the whole CLI
 * against skopeo; this is the magnifying glass.
 *
 * <pre>
 * ./mvnw -B -q -pl ecr-cname-archive test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * cd ecr-cname-archive
 * java -Xmx64m -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.ecrcname.archive.PullBenchmark /tmp/pull-bench 3 [compressed]
 * </pre>
 */
public final class PullBenchmark {
  private PullBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/ecr-cname-pull-bench");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    boolean compressed = args.length > 2 && args[2].equals("compressed");
    StandIn standIn = StandIn.require();
    for (int round = 1; round <= rounds; round++) {
      Path cache = dir.resolve("cache");
      Path target = dir.resolve("out.tar");
      TempArea.deleteRecursively(dir);
      Files.createDirectories(dir);
      long start = System.nanoTime();
      PulledImage image;
      try (RegistryClient client = TestClients.standIn(standIn).cacheDirectory(cache).build()) {
        image = client.pull("bench/big", "1.0");
      }
      long pulled = System.nanoTime();
      DockerArchive.write(
          image, target, WriteOptions.builder().compressedLayers(compressed).build());
      long written = System.nanoTime();
      System.out.printf(
          "round %d: pull %d ms, write %d ms (%s), total %d ms, %d MiB%n",
          round,
          (pulled - start) / 1_000_000,
          (written - pulled) / 1_000_000,
          compressed ? "compressed" : "uncompressed",
          (written - start) / 1_000_000,
          Files.size(target) >> 20);
    }
    TempArea.deleteRecursively(dir);
  }
}
