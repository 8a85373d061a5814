package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSink;
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
  final CountDownLatch release = new CountDownLatch(1);
  final ExecutorService background = Executors.newCachedThreadPool();

  @AfterEach
  void letGo() {
    release.countDown();
    background.shutdownNow();
  }

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  /**
   * A 2 MiB blob whose body stops after 1 MiB until released: more than the two buffers the mirror
   * holds back, so the client has its headers and first bytes while the rest waits.
   */
  Digest halfHeldBlob() {
    byte[] blob = new byte[2 * 1024 * 1024];
    new Random(5).nextBytes(blob);
    MockResponseBody held =
        new MockResponseBody() {
          @Override
          public long getContentLength() {
            return blob.length;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.write(blob, 0, blob.length / 2);
            sink.flush();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sink.write(blob, blob.length / 2, blob.length - blob.length / 2);
          }
        };
    Digest digest = Digest.sha256(blob);
    registry.override(
        RegistryPaths.blob("app/small", digest),
        r -> new MockResponse.Builder().body(held).build());
    return digest;
  }

  static Response get(MirrorServer mirror, String path) throws IOException {
    return Mirrors.HTTP.newCall(new Request.Builder().url(mirror.uri() + path).build()).execute();
  }

  /** Waits until a new connection to {@code port} is refused; fails after 30 s. */
  static void awaitRefused(int port) throws IOException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      } catch (ConnectException refused) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polls; decides no result
    }
    throw new AssertionError("port " + port + " still takes connections 30 s after close began");
  }

  @Test
  void closeStopsTakingConnectionsAndLetsABlobStreamInFlightFinish() throws Exception {
    Digest digest = halfHeldBlob();
    try (RegistryClient client = client()) {
      MirrorServer mirror =
          MirrorServer.builder()
              .client(client)
              .port(0)
              .drainTimeout(Duration.ofSeconds(30))
              .start();
      try (Response streaming = get(mirror, RegistryPaths.blob("app/small", digest))) {
        assertThat(streaming.code()).isEqualTo(200);
        Future<?> closing = background.submit(mirror::close);

        awaitRefused(mirror.port());
        assertThat(closing.isDone()).as("close waits for the stream in flight").isFalse();
        release.countDown();

        assertThat(Digest.sha256(streaming.body().bytes())).isEqualTo(digest);
        closing.get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aStreamLongerThanTheDrainTimeoutIsCutAndCloseReturns() throws Exception {
    Digest digest = halfHeldBlob();
    try (RegistryClient client = client()) {
      MirrorServer mirror =
          MirrorServer.builder()
              .client(client)
              .port(0)
              .drainTimeout(Duration.ofMillis(500))
              .start();
      try (Response streaming = get(mirror, RegistryPaths.blob("app/small", digest))) {
        assertThat(streaming.code()).isEqualTo(200);

        mirror.close(); // the registry still holds the second half

        assertThatThrownBy(() -> streaming.body().bytes()).isInstanceOf(IOException.class);
      }
    }
  }
}
