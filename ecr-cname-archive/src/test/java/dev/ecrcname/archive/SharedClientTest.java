package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryClientBuilder;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@link RegistryClient} shared by 16 threads pulling a mix of images, the same image by
 * several at once, each writing a docker-load tarball (issue 12, concurrency). The timeout is a
 * hang guard.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedClientTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path blobs;
  @TempDir Path work;

  static final List<String> TAGS = List.of("a", "b", "c");

  RegistryClientBuilder client(Path cache) {
    return TestClients.fake(registry, cache);
  }

  /** Three images; b shares its base layer with a, c is gzip of its own. */
  void serveImages() {
    Random random = new Random(16);
    byte[] noise = new byte[300_000];
    random.nextBytes(noise);
    byte[] base = new TestImages.Layer().file("base.bin", noise, 0644).tar();
    List<List<byte[]>> layers =
        List.of(
            TestImages.standardLayers(),
            List.of(base, new TestImages.Layer().file("b.txt", "b\n").tar()),
            List.of(base, new TestImages.Layer().file("c.txt", "c\n").tar()));
    for (int i = 0; i < TAGS.size(); i++) {
      PulledImage image =
          TestImages.image(blobs.resolve(TAGS.get(i)), TAGS.get(i), layers.get(i), Codec.GZIP);
      Map<String, byte[]> byDigest = new LinkedHashMap<>();
      try {
        byDigest.put(image.config().digest().toString(), image.configBytes());
        for (PulledImage.Layer l : image.layers()) {
          byDigest.put(l.descriptor().digest().toString(), Files.readAllBytes(l.blob()));
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      registry.image(
          "app/mix",
          TAGS.get(i),
          image.manifestMediaType(),
          image.manifestDigest().toString(),
          image.manifest(),
          byDigest);
    }
  }

  byte[] pullToTar(RegistryClient client, String tag, Path target) throws IOException {
    DockerArchive.write(client.pull("app/mix", tag), target);
    return Files.readAllBytes(target);
  }

  @Test
  void sixteenThreadsOnOneClientWriteTheSameTarsAsOneThreadAndLeaveNoThread() throws Exception {
    serveImages();
    Map<String, byte[]> expected = new LinkedHashMap<>();
    try (RegistryClient single =
        client(work.resolve("cache-single")).transport(t -> t.withParallelism(1)).build()) {
      for (String tag : TAGS) {
        expected.put(tag, pullToTar(single, tag, work.resolve("single-" + tag + ".tar")));
      }
    }

    Set<Thread> before = layerThreads();
    ExecutorService callers = Executors.newFixedThreadPool(16);
    List<Future<byte[]>> tars = new ArrayList<>();
    RegistryClient shared = client(work.resolve("cache-shared")).build();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 16; i++) {
      String tag = TAGS.get(i % TAGS.size());
      Path target = work.resolve("shared-" + i + ".tar");
      tars.add(
          callers.submit(
              () -> {
                go.await();
                return pullToTar(shared, tag, target);
              }));
    }
    go.countDown();
    for (int i = 0; i < 16; i++) {
      assertThat(tars.get(i).get())
          .as("tar of thread %d", i)
          .isEqualTo(expected.get(TAGS.get(i % TAGS.size())));
    }
    Set<Thread> used = layerThreads();
    used.removeAll(before);
    shared.close();
    callers.shutdown();

    for (Thread t : used) {
      t.join(2_000); // a pool thread may take a moment to exit after close ended its work
      assertThat(t.isAlive()).as("layer thread %s after close", t.getName()).isFalse();
    }
    try (var left = Files.list(work.resolve("cache-shared/tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  static Set<Thread> layerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("ecr-cname-layer-") && t.isAlive())
        .collect(Collectors.toSet());
  }
}
