package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as systemd and kubelet stop {@code ecr-cname serve}, started by the distribution's
 * launcher: the blob stream in flight finishes, no new connection is taken meanwhile, and the
 * process exits 0 (a service stopped as asked, not a failure). The registry sends half the blob and
 * holds the rest until the test lets it go, so the stream is under way when the signal arrives.
 */
class ServeDrainIT extends AgainstFakeRegistry {
  @TempDir Path unpacked;
  final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void letGo() {
    release.countDown();
  }

  /** A 2 MiB blob whose body stops after 1 MiB until released. */
  Digest halfHeldBlob() {
    byte[] blob = new byte[2 * 1024 * 1024];
    new Random(9).nextBytes(blob);
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
              release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sink.write(blob, blob.length / 2, blob.length - blob.length / 2);
          }
        };
    Digest digest = Digest.sha256(blob);
    registry.override(
        RegistryPaths.blob("app/drain", digest),
        r -> new MockResponse.Builder().body(held).build());
    return digest;
  }

  /** {@code bin/ecr-cname serve} of the unpacked tarball, against the scripted registry. */
  Process serve(Path err) throws IOException {
    Command.of(
            "tar", "-xzf", DistributionIT.archive(".tar.gz").toString(), "-C", unpacked.toString())
        .run()
        .succeeded();
    Path home;
    try (var top = Files.list(unpacked)) {
      home = top.findFirst().orElseThrow();
    }
    return DistributionIT.launcher(home, "serve", "--listen", "127.0.0.1:0")
        .args(Connection.fake(registry, cache))
        .args("--drain-timeout", "60s")
        .stdin("secret\n")
        .in(work)
        .start(work.resolve("stdout"), err);
  }

  @Test
  void sigtermLetsTheBlobStreamInFlightFinishAndExitsZero() throws Exception {
    Digest digest = halfHeldBlob();
    Path err = work.resolve("stderr");
    Process process = serve(err);
    try {
      String base = ServeIT.awaitServing(err, process);
      try (Response streaming =
          new OkHttpClient()
              .newCall(
                  new Request.Builder().url(base + RegistryPaths.blob("app/drain", digest)).build())
              .execute()) {
        assertThat(streaming.code()).isEqualTo(200);

        signal("TERM", process);
        awaitRefused(URI.create(base).getPort());
        assertThat(process.isAlive()).as("draining the stream in flight").isTrue();
        release.countDown();

        assertThat(Digest.sha256(streaming.body().bytes())).isEqualTo(digest);
      }
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("it stops after the drain").isTrue();
      assertThat(process.exitValue())
          .as("exit status after SIGTERM; stderr: %s", Files.readString(err))
          .isZero();
      assertThat(Files.readString(err)).doesNotContain("ecr-cname: error:");
    } finally {
      process.destroyForcibly();
    }
  }

  static void signal(String name, Process process) throws Exception {
    // bash's builtin kill, as /bin/kill is not on every minimal system.
    new ProcessBuilder("bash", "-c", "kill -" + name + " \"$0\"", Long.toString(process.pid()))
        .inheritIO()
        .start()
        .waitFor();
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
    throw new AssertionError("port " + port + " still takes connections 30 s after SIGTERM");
  }
}
