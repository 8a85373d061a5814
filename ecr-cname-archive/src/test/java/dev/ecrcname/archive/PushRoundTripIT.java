package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PushResult;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.Seed;
import dev.ecrcname.core.testing.StandIn;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push issue's proof: a tarball real docker saved goes up through the CNAME, and real docker pulls it back from
 * the registry host and runs it with the same image ID.
 */
class PushRoundTripIT {
  static StandIn standIn;
  @TempDir Path work;

  @BeforeAll
  static void standIn() {
    standIn = StandIn.require();
    Assumptions.assumeTrue(standIn.hasDocker() || "true".equals(System.getenv("CI")), "no dockerd here");
  }

  RegistryClient client() {
    return RegistryClient.builder()
        .endpoint(standIn.endpoint())
        .registryHost(standIn.registryHost())
        .credentials(CredentialsProvider.basic(standIn.username(), standIn.password()))
        .trustedCertificates(standIn.caFile())
        .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
        .cacheDirectory(work.resolve("cache"))
        .build();
  }

  @Test
  void dockerSaveGoesUpThroughTheCnameAndDockerRunsItBack() throws Exception {
    String seeded = standIn.registryAuthority() + "/app/small:1.0";
    docker("pull", "-q", seeded).ok();
    String imageId = docker("image", "inspect", "--format", "{{.Id}}", seeded).ok().stdout().trim();
    Path saved = work.resolve("saved.tar");
    docker("save", "-o", saved.toString(), seeded).ok();

    // A fresh repository each run: the stand-in keeps its data, and the first push must really upload.
    String repository = "app/pushed-" + Long.toHexString(System.nanoTime());
    String tag = "round";
    PushResult first;
    PushResult second;
    try (RegistryClient client = client(); ImageSource source = DockerArchive.read(saved)) {
      first = client.push(repository, tag, source);
      second = client.push(repository, tag, source);
    }
    assertThat(first.imageId().toString()).isEqualTo(imageId);
    assertThat(first.bytesUploaded()).isPositive();
    assertThat(second.bytesUploaded()).as("second push uploads nothing").isZero();
    assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());

    String pushed = standIn.registryAuthority() + "/" + repository + ":" + tag;
    docker("pull", "-q", pushed).ok();
    assertThat(docker("image", "inspect", "--format", "{{.Id}}", pushed).ok().stdout().trim()).isEqualTo(imageId);
    assertThat(docker("run", "--rm", "--network", "none", pushed, "busybox", "cat", Seed.TOP_FILE).ok().stdout())
        .isEqualTo(Seed.of(standIn).files().get(Seed.TOP_FILE));
    docker("rmi", pushed);

    String inspect = Command.run(Map.of(), "skopeo", "inspect", "--cert-dir", standIn.caFile().getParent().toString(),
        "--creds", standIn.username() + ":" + standIn.password(), "docker://" + pushed).ok().stdout();
    assertThat(inspect).contains(first.manifestDigest().toString());
  }

  private static Command docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "--config",
        standIn.dir().resolve("docker-config").toString(), "-H", standIn.dockerHost()));
    command.addAll(List.of(args));
    return Command.run(Map.of(), command);
  }
}
