package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.HeldBlob;
import dev.ecrcname.testing.Ports;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
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
  @Nullable HeldBlob held;

  @AfterEach
  void letGo() {
    if (held != null) {
      held.release();
    }
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
    held = HeldBlob.serve(registry, "app/drain", 2 * 1024 * 1024, 9, HeldBlob.Hold.HALF_BODY);
    Digest digest = Digest.parse(held.digest());
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
        Ports.awaitRefused(URI.create(base).getPort(), Duration.ofSeconds(30));
        assertThat(process.isAlive()).as("draining the stream in flight").isTrue();
        held.release();

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
}
