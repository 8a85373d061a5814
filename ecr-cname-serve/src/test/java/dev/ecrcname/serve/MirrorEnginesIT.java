package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real engines pull through the mirror with the configurations docs/mirror.md shows: containerd
 * (ctr with a hosts.toml), docker 20.10 (127.0.0.1:PORT, no daemon change), podman and skopeo (a
 * registries.conf remap).
 */
class MirrorEnginesIT {
  static StandIn standIn;
  static Seed seed;
  static RegistryClient client;
  static MirrorServer mirror;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    standIn = StandIn.require();
    seed = Seed.of(standIn);
    client = Mirrors.client(standIn, "serve-engines/1").build();
    mirror = Mirrors.mirror(standIn, client).start();
  }

  @AfterAll
  static void stop() {
    mirror.close();
    client.close();
  }

  static String digestOf(String repository) {
    return client.head(ImageReference.of(repository, "1.0")).orElseThrow().digest().toString();
  }

  /** docs/mirror.md's hosts.toml, for the mirror's port. */
  Path hostsDir() throws Exception {
    Path hosts = dir.resolve("certs.d");
    Path host = Files.createDirectories(hosts.resolve(standIn.cname()));
    Files.writeString(
        host.resolve("hosts.toml"),
        "server = \"https://"
            + standIn.cname()
            + "\"\n\n[host.\"http://127.0.0.1:"
            + mirror.port()
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    return hosts;
  }

  Command ctr(String namespace, String... args) {
    return Command.of("ctr", "--address", standIn.containerdAddress(), "-n", namespace).args(args);
  }

  @Test
  void containerdPullsThroughTheMirrorWithNsAndTheArm64ChildOfAnIndex() throws Exception {
    standIn.requireDocker();
    String namespace = "serve-it-" + Long.toString(System.nanoTime(), 36);
    Path hosts = hostsDir();
    String small = standIn.cname() + "/app/small:1.0";
    ctr(namespace, "images", "pull", "--hosts-dir", hosts.toString(), small).run().succeeded();
    String listed = ctr(namespace, "images", "ls").run().succeeded().stdout();
    assertThat(listed).contains(digestOf("app/small"));

    String multi = standIn.cname() + "/app/multi:1.0";
    ctr(
            namespace,
            "images",
            "pull",
            "--platform",
            "linux/arm64",
            "--hosts-dir",
            hosts.toString(),
            multi)
        .run()
        .succeeded();
    String content = ctr(namespace, "content", "ls", "-q").run().succeeded().stdout();
    assertThat(content).contains(seedPlatformDigest("linux/arm64/v8"));
    assertThat(metrics()).contains("ns=\"" + standIn.cname() + "\"");
    ctr(namespace, "images", "rm", small, multi).run();
  }

  @Test
  void docker2010PullsFromLoopbackAndRunsTheImage() {
    standIn.requireDocker();
    String image = "127.0.0.1:" + mirror.port() + "/app/small:1.0";
    standIn.docker("pull", image).succeeded();
    try {
      String repoDigest =
          standIn
              .docker("image", "inspect", "--format", "{{index .RepoDigests 0}}", image)
              .succeeded()
              .stdout()
              .trim();
      assertThat(repoDigest).endsWith("@" + digestOf("app/small"));
      String top =
          standIn
              .docker("run", "--rm", "--network", "none", image, "cat", Seed.TOP_FILE)
              .succeeded()
              .stdout();
      assertThat(top).isEqualTo(seed.files().get(Seed.TOP_FILE));
    } finally {
      standIn.docker("rmi", image);
    }
  }

  /** docs/mirror.md's registries.conf, for the mirror's port. */
  Path registriesConf() throws Exception {
    return Files.writeString(
        dir.resolve("registries.conf"),
        "[[registry]]\nprefix = \""
            + standIn.cname()
            + "\"\nlocation = \"127.0.0.1:"
            + mirror.port()
            + "\"\ninsecure = true\n");
  }

  @Test
  void podmanPullsThroughARegistriesConfRemapWithTheRegistrysDigest() throws Exception {
    Path conf = registriesConf();
    String image = standIn.cname() + "/app/small-oci:1.0";
    Command.podman(dir.resolve("podman"))
        .env("CONTAINERS_REGISTRIES_CONF", conf.toString())
        .args("pull", image)
        .run()
        .succeeded();
    String digest =
        Command.podman(dir.resolve("podman"))
            .env("CONTAINERS_REGISTRIES_CONF", conf.toString())
            .args("image", "inspect", "--format", "{{.Digest}}", image)
            .run()
            .succeeded()
            .stdout()
            .trim();
    assertThat(digest).isEqualTo(digestOf("app/small-oci"));
  }

  @Test
  void skopeoInspectsThroughTheSameFileWithAMatchingDigest() throws Exception {
    Path conf = registriesConf();
    String json =
        Command.of("skopeo", "--registries-conf", conf.toString(), "inspect", "--no-tags")
            .args("docker://" + standIn.cname() + "/app/small-oci:1.0")
            .run()
            .succeeded()
            .stdout();
    String digest = JsonParser.parseString(json).getAsJsonObject().get("Digest").getAsString();
    assertThat(digest).isEqualTo(digestOf("app/small-oci"));
  }

  static String seedPlatformDigest(String platform) {
    return seed.json()
        .getAsJsonObject("repositories")
        .getAsJsonObject("app/multi")
        .getAsJsonObject("platforms")
        .getAsJsonObject(platform)
        .get("digest")
        .getAsString();
  }

  static String metrics() throws Exception {
    try (Response r =
        Mirrors.call(Mirrors.HTTP, new Request.Builder().url(mirror.uri() + "/metrics"))) {
      return r.body().string();
    }
  }
}
