package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PushResult;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.internal.deflate.Libdeflate;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.StandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: a layer our push gzips through libdeflate (one gzip member per 1 MiB block) is read
 * whole by the four real consumers: docker 20.10 pulls and runs it, containerd's {@code ctr} pulls,
 * unpacks (checking diff_ids) and runs it, podman pulls it into its store (checking diff_ids;
 * podman run does not work on this machine), and skopeo decompresses it to bytes that hash to the
 * diff_id. The layer holds files of known SHA-256, several MiB, so that it spans several members.
 */
class PushConsumersIT {
  static StandIn standIn;
  @TempDir Path work;

  @BeforeAll
  static void standIn() {
    standIn = StandIn.require().requireDocker();
  }

  @Test
  void aLibdeflatePushIsPulledAndRunByDockerContainerdPodmanAndSkopeo() throws IOException {
    if ("Linux".equals(System.getProperty("os.name"))
        && "amd64".equals(System.getProperty("os.arch"))) {
      assertThat(Libdeflate.unavailableReason()).as("libdeflate on Linux x86_64").isEmpty();
    }
    String unique = Long.toHexString(System.nanoTime());
    Path saved = work.resolve("saved.tar");
    String sums = savedImageWithABigLayer(unique, saved);

    String repository = "perf-push/consumers-" + unique;
    PushResult pushed;
    try (RegistryClient client =
            TestClients.standIn(standIn).cacheDirectory(work.resolve("cache")).build();
        ImageSource source = DockerArchive.read(saved)) {
      pushed = client.push(repository, "1.0", source);
    }
    String name = standIn.registryAuthority() + "/" + repository + ":1.0";

    standIn.docker("pull", "-q", name).succeeded();
    assertThat(
            standIn.docker(runSums("run", "--rm", "--network", "none", name)).succeeded().stdout())
        .isEqualTo(sums);
    standIn.docker("rmi", name);

    assertThat(containerdRuns(name, unique)).isEqualTo(sums);

    Command.podman(work.resolve("podman"))
        .args("pull", "-q", "--cert-dir", standIn.certDir())
        .args("--authfile", standIn.dir().resolve("docker-config/config.json").toString())
        .args("docker://" + name)
        .run()
        .succeeded();
    assertThat(
            Command.podman(work.resolve("podman"))
                .args("image", "inspect", "--format", "{{.Id}}", name)
                .run()
                .succeeded()
                .stdout()
                .trim())
        .isEqualTo(pushed.imageId().hex());

    assertThat(skopeoDecompressedDigests(name)).containsAll(diffIds(saved));
  }

  /**
   * Makes a docker-save tarball of the seeded busybox image plus a layer of 1.5 MiB of random bytes
   * and about 2.7 MB of text; returns their {@code sha256sum} lines.
   */
  private String savedImageWithABigLayer(String unique, Path saved) {
    String seeded = standIn.registryAuthority() + "/app/small:1.0";
    String container = "perf-push-" + unique;
    String local = "perf-push-consumers:" + unique;
    standIn.docker("pull", "-q", seeded).succeeded();
    standIn
        .docker(
            "run",
            "--name",
            container,
            "--network",
            "none",
            seeded,
            "busybox",
            "sh",
            "-c",
            "mkdir /data && busybox dd if=/dev/urandom of=/data/random bs=65536 count=24 2>/dev/null"
                + " && busybox seq 1 400000 > /data/text")
        .succeeded();
    standIn.docker("commit", container, local).succeeded();
    standIn.docker("rm", container).succeeded();
    String sums =
        standIn.docker(runSums("run", "--rm", "--network", "none", local)).succeeded().stdout();
    standIn.docker("save", "-o", saved.toString(), local).succeeded();
    standIn.docker("rmi", local).succeeded();
    assertThat(sums.lines()).hasSize(2);
    return sums;
  }

  private static String[] runSums(String... dockerRun) {
    return Stream.concat(
            Stream.of(dockerRun), Stream.of("busybox", "sha256sum", "/data/random", "/data/text"))
        .toArray(String[]::new);
  }

  /**
   * ctr pulls and unpacks into a namespace of its own, with the credentials in a hosts.toml (never
   * on a command line), and runs the sums.
   */
  private String containerdRuns(String name, String unique) throws IOException {
    Path hosts = work.resolve("certs.d").resolve(standIn.registryAuthority());
    Files.createDirectories(hosts);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (standIn.username() + ":" + standIn.password()).getBytes(StandardCharsets.UTF_8));
    String server = "https://" + standIn.registryAuthority();
    Path toml =
        Files.createFile(
            hosts.resolve("hosts.toml"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        toml,
        String.join(
            "\n",
            "server = \"" + server + "\"",
            "[host.\"" + server + "\"]",
            "  capabilities = [\"pull\", \"resolve\"]",
            "  ca = \"" + standIn.caFile() + "\"",
            "  [host.\"" + server + "\".header]",
            "    Authorization = \"Basic " + basic + "\"",
            ""));
    String namespace = "perf-push-" + unique;
    List<String> ctr = List.of("ctr", "--address", standIn.containerdAddress(), "-n", namespace);
    try {
      Command.of(ctr)
          .args("images", "pull", "--hosts-dir", work.resolve("certs.d").toString(), name)
          .run()
          .succeeded();
      return Command.of(ctr)
          .args(runSums("run", "--rm", name, "perf-push-" + unique))
          .run()
          .succeeded()
          .stdout();
    } finally {
      Command.of(ctr).args("images", "rm", "--sync", name).run();
      Command.of(ctr.subList(0, 3)).args("namespaces", "rm", namespace).run();
    }
  }

  /**
   * skopeo (Go's multistream gzip reader) copies the image into a directory with its layers
   * decompressed; returns the SHA-256 of each file there.
   */
  private List<Digest> skopeoDecompressedDigests(String name) throws IOException {
    Path dir = work.resolve("skopeo-dir");
    standIn
        .skopeo(
            "copy",
            "--quiet",
            "--dest-decompress",
            "--src-cert-dir",
            standIn.certDir(),
            "docker://" + name,
            "dir:" + dir)
        .run()
        .succeeded();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).map(PushConsumersIT::sha256).toList();
    }
  }

  private static List<Digest> diffIds(Path saved) throws IOException {
    try (ImageSource source = DockerArchive.read(saved)) {
      return source.layers().stream().map(ImageSource.Layer::diffId).toList();
    }
  }

  private static Digest sha256(Path file) {
    try {
      return Digest.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
