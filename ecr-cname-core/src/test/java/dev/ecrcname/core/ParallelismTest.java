package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.file.Path;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parallelism} bounds how many layers are fetched at once, at both ends of its range (issue
 * 21: the bound was checked only as "the builder is not null"). Each layer's answer waits at a
 * barrier: layers fetched together meet there, layers fetched one by one never do.
 */
class ParallelismTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger met = new AtomicInteger();

  @Test
  void parallelismOfOneFetchesOneLayerAtATime() throws Exception {
    FakeImage image = FakeImage.create("amd64", 1000, 2000, 3000);
    // A second layer arriving within 300 ms would meet the first here; one at a time, none does.
    serveThroughBarrier(image, new CyclicBarrier(2), 300);

    pull(image, 1);

    assertThat(met).as("layers that met another in flight").hasValue(0);
    assertThat(peak).hasValue(1);
  }

  @Test
  void parallelismOfSixtyFourFetchesEveryLayerAtOnce() throws Exception {
    FakeImage image = FakeImage.create("amd64", 1000, 2000, 3000);
    // All three must be in flight together to pass the barrier; one at a time, the first would wait
    // out the 20 s and fail the pull.
    serveThroughBarrier(image, new CyclicBarrier(3), 20_000);

    pull(image, 64);

    assertThat(met).hasValue(3);
    assertThat(peak).hasValue(3);
  }

  private void pull(FakeImage image, int parallelism) throws Exception {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client =
        TestClients.fake(registry, cache)
            .transport(t -> t.withParallelism(parallelism).withMaxAttempts(1))
            .build()) {
      assertThat(client.pull("app/small", "1.0").layers()).hasSize(3);
    }
  }

  private void serveThroughBarrier(FakeImage image, CyclicBarrier barrier, long waitMillis) {
    for (byte[] layer : image.layers()) {
      registry.override(
          RegistryPaths.blob("app/small", Digest.sha256(layer)),
          r -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              barrier.await(waitMillis, TimeUnit.MILLISECONDS);
              met.incrementAndGet();
            } catch (TimeoutException | BrokenBarrierException alone) {
              barrier.reset();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              inFlight.decrementAndGet();
            }
            return new MockResponse.Builder().body(new Buffer().write(layer)).build();
          });
    }
  }
}
