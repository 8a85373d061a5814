package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.RegistryPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code ecr-cname serve} as a process: it serves the stand-in's images through the CNAME, says
 * where on stderr, counts its token, and stops on SIGTERM; an open listener is a usage error.
 */
class ServeIT extends AgainstStandIn {
  private static final Pattern SERVING = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+)");

  @Test
  void servesTheCnamesImagesAndStopsOnSigterm() throws Exception {
    Path err = work.resolve("stderr");
    Process process =
        ecrCname("serve", "--listen", "127.0.0.1:0").start(work.resolve("stdout"), err);
    try {
      String base = awaitServing(err, process);
      OkHttpClient http = new OkHttpClient();
      try (Response r =
          http.newCall(
                  new Request.Builder()
                      .url(base + RegistryPaths.manifest("app/small-oci", "1.0"))
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(seed.digest("app/small-oci"));
      }
      try (Response r =
          http.newCall(new Request.Builder().url(base + "/readyz").build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
      try (Response r =
          http.newCall(new Request.Builder().url(base + "/metrics").build()).execute()) {
        assertThat(r.body().string()).contains("ecr_cname_serve_token_refreshes_total 1.0");
      }
    } finally {
      process.destroy(); // SIGTERM
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("it stops on SIGTERM").isTrue();
  }

  @Test
  void aNonLoopbackListenWithoutTlsAndAuthIsAUsageErrorNamingTheOptions() {
    var result = ecrCname("serve", "--listen", "0.0.0.0:0").run();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("--tls-cert").contains("--auth-token-file");
  }

  static String awaitServing(Path err, Process process) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      Matcher m = SERVING.matcher(Files.readString(err));
      if (m.find()) {
        return m.group(1);
      }
      process.waitFor(100, TimeUnit.MILLISECONDS); // polls the log; decides no result
    }
    throw new AssertionError("serve did not start: " + Files.readString(err));
  }
}
