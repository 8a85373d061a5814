package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.HeldBlob;
import dev.ecrcname.testing.Ports;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the mirror (what SIGTERM does through {@code ecr-cname serve}) while a blob is streaming:
 * no new connection is taken, and the stream in flight finishes within the drain timeout. The
 * registry sends half the blob and holds the rest until the test lets it go, so the stream is under
 * way, deterministically, when the close begins.
 */
class MirrorDrainTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;
  @Nullable HeldBlob held;
  final ExecutorService background = Executors.newCachedThreadPool();

  @AfterEach
  void letGo() {
    if (held != null) {
      held.release();
    }
    background.shutdownNow();
  }

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  static Response get(MirrorServer mirror, String path) throws IOException {
    return Mirrors.HTTP.newCall(new Request.Builder().url(mirror.uri() + path).build()).execute();
  }

  @Test
  void closeStopsTakingConnectionsAndLetsABlobStreamInFlightFinish() throws Exception {
    held = HeldBlob.serve(registry, "app/small", 2 * 1024 * 1024, 5, HeldBlob.Hold.HALF_BODY);
    Digest digest = Digest.parse(held.digest());
    // The try closes the mirror too when an assertion fails first; a second close does nothing.
    try (RegistryClient client = client();
        MirrorServer mirror =
            MirrorServer.builder()
                .client(client)
                .port(0)
                .drainTimeout(Duration.ofSeconds(30))
                .start()) {
      try (Response streaming = get(mirror, RegistryPaths.blob("app/small", digest))) {
        assertThat(streaming.code()).isEqualTo(200);
        int port = mirror.port(); // a closed connector no longer knows its port
        Future<?> closing = background.submit(mirror::close);

        Ports.awaitRefused(port, Duration.ofSeconds(30));
        assertThat(closing.isDone()).as("close waits for the stream in flight").isFalse();
        held.release();

        assertThat(Digest.sha256(streaming.body().bytes())).isEqualTo(digest);
        closing.get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aStreamLongerThanTheDrainTimeoutIsCutAndCloseReturns() throws Exception {
    held = HeldBlob.serve(registry, "app/small", 2 * 1024 * 1024, 5, HeldBlob.Hold.HALF_BODY);
    Digest digest = Digest.parse(held.digest());
    try (RegistryClient client = client();
        MirrorServer mirror =
            MirrorServer.builder()
                .client(client)
                .port(0)
                .drainTimeout(Duration.ofMillis(500))
                .start()) {
      try (Response streaming = get(mirror, RegistryPaths.blob("app/small", digest))) {
        assertThat(streaming.code()).isEqualTo(200);

        mirror.close(); // the registry still holds the second half

        assertThatThrownBy(() -> streaming.body().bytes()).isInstanceOf(IOException.class);
      }
    }
  }
}
