package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.RegistryPaths;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --blobs cache} and {@code --blobs redirect} against the stand-in. */
class MirrorBlobModesIT {
  StandIn standIn;
  @TempDir Path dir;
  @TempDir Path cache;

  @BeforeEach
  void standIn() {
    standIn = StandIn.require();
  }

  /** A tag of this test alone, in the User-Agent, to find its own upstream requests. */
  static String tag(String what) {
    return "serve-" + what + "-" + Long.toString(System.nanoTime(), 36) + "/1";
  }

  void skopeoCopy(MirrorServer mirror, Path into) throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("registries.conf"),
            "[[registry]]\nprefix = \""
                + standIn.cname()
                + "\"\nlocation = \"127.0.0.1:"
                + mirror.port()
                + "\"\ninsecure = true\n");
    Command.of("skopeo", "--registries-conf", conf.toString(), "copy")
        .args("docker://" + standIn.cname() + "/app/small-oci:1.0", "dir:" + into)
        .run()
        .succeeded();
  }

  @Test
  void aSecondPullFromTheCacheSendsNoBlobRequestUpstream() throws Exception {
    String ua = tag("cache");
    try (RegistryClient client = Mirrors.client(standIn, ua).cacheDirectory(cache).build();
        MirrorServer mirror = Mirrors.mirror(standIn, client).blobs(BlobMode.CACHE).start()) {
      skopeoCopy(mirror, dir.resolve("first"));
      int first = Mirrors.upstreamLines(standIn, ua.split("/")[0], "/blobs/").size();
      skopeoCopy(mirror, dir.resolve("second"));
      int second = Mirrors.upstreamLines(standIn, ua.split("/")[0], "/blobs/").size();

      assertThat(first).isPositive();
      assertThat(second - first).as("upstream blob requests of the second pull").isZero();
    }
  }

  @Test
  void aPlantedWrongFileInTheCacheIsNeverServed() throws Exception {
    try (RegistryClient client =
            Mirrors.client(standIn, tag("plant")).cacheDirectory(cache).build();
        MirrorServer mirror = Mirrors.mirror(standIn, client).blobs(BlobMode.CACHE).start()) {
      Digest config = MirrorConformanceIT.configOf(mirror, "app/small-oci");
      String path = RegistryPaths.blob("app/small-oci", config);
      byte[] right = body(mirror, path);
      Path planted = cache.resolve("blobs/sha256").resolve(config.hex());
      Files.write(planted, new byte[right.length]); // same size, wrong bytes

      byte[] served = body(mirror, path);

      assertThat(Digest.sha256(served)).isEqualTo(config);
    }
  }

  static byte[] body(MirrorServer mirror, String path) throws Exception {
    try (Response r = Mirrors.call(Mirrors.HTTP, new Request.Builder().url(mirror.uri() + path))) {
      assertThat(r.code()).isEqualTo(200);
      return r.body().bytes();
    }
  }

  @Test
  void redirectModeSendsCtrToS3WhichSeesNoAuthorization() throws Exception {
    standIn.requireDocker();
    try (RegistryClient client = Mirrors.client(standIn, tag("redirect")).build();
        MirrorServer mirror = Mirrors.mirror(standIn, client).blobs(BlobMode.REDIRECT).start()) {
      Digest config = MirrorConformanceIT.configOf(mirror, "app/small-oci");
      try (Response r =
          Mirrors.call(
              Mirrors.HTTP,
              new Request.Builder()
                  .url(mirror.uri() + RegistryPaths.blob("app/small-oci", config)))) {
        assertThat(r.code()).isEqualTo(307);
        assertThat(r.header("Location")).startsWith("https://" + standIn.s3Host());
      }
      Path hosts = Files.createDirectories(dir.resolve("certs.d").resolve(standIn.cname()));
      Files.writeString(
          hosts.resolve("hosts.toml"),
          "server = \"https://"
              + standIn.cname()
              + "\"\n\n[host.\"http://127.0.0.1:"
              + mirror.port()
              + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n  ca = \""
              + standIn.caFile()
              + "\"\n");
      String namespace = "serve-redirect-" + Long.toString(System.nanoTime(), 36);
      String image = standIn.cname() + "/app/small-oci:1.0";
      // The S3 host answers 400 to any request carrying Authorization (docs/standin.md), so a
      // pull that succeeds is one whose S3 hops carried none; its log shows no user on them.
      int before =
          Mirrors.upstreamLines(standIn, "containerd", "/docker/registry/v2/blobs/").size();
      Command.of("ctr", "--address", standIn.containerdAddress(), "-n", namespace)
          .args("images", "pull", "--hosts-dir", dir.resolve("certs.d").toString(), image)
          .run()
          .succeeded();
      var s3 = Mirrors.upstreamLines(standIn, "containerd", "/docker/registry/v2/blobs/");
      assertThat(s3.size()).as("containerd's own requests to S3").isGreaterThan(before);
      assertThat(s3.subList(before, s3.size())).allMatch(line -> line.contains(" - - ["));
      Command.of("ctr", "--address", standIn.containerdAddress(), "-n", namespace)
          .args("images", "rm", image)
          .run();
    }
  }
}
