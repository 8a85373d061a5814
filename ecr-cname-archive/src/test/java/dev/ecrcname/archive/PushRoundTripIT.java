package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PushResult;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push issue's proof: a tarball real docker saved goes up through the CNAME, and real docker
 * pulls it back from the registry host and runs it with the same image ID.
 */
class PushRoundTripIT {
  static StandIn standIn;
  @TempDir Path work;

  @BeforeAll
  static void standIn() {
    standIn = StandIn.require().requireDocker();
  }

  RegistryClient client() {
    return TestClients.standIn(standIn).cacheDirectory(work.resolve("cache")).build();
  }

  @Test
  void dockerSaveGoesUpThroughTheCnameAndDockerRunsItBack() throws Exception {
    String seeded = standIn.registryAuthority() + "/app/small:1.0";
    standIn.docker("pull", "-q", seeded).succeeded();
    String imageId =
        standIn
            .docker("image", "inspect", "--format", "{{.Id}}", seeded)
            .succeeded()
            .stdout()
            .trim();
    Path saved = work.resolve("saved.tar");
    standIn.docker("save", "-o", saved.toString(), seeded).succeeded();

    // A fresh repository each run: the stand-in keeps its data, and the first push must really
    // upload.
    String repository = "app/pushed-" + Long.toHexString(System.nanoTime());
    String tag = "round";
    PushResult first;
    PushResult second;
    try (RegistryClient client = client();
        ImageSource source = DockerArchive.read(saved)) {
      first = client.push(repository, tag, source);
      second = client.push(repository, tag, source);
    }
    assertThat(first.imageId().toString()).isEqualTo(imageId);
    assertThat(first.bytesUploaded()).isPositive();
    assertThat(second.bytesUploaded()).as("second push uploads nothing").isZero();
    assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());

    String pushed = standIn.registryAuthority() + "/" + repository + ":" + tag;
    standIn.docker("pull", "-q", pushed).succeeded();
    assertThat(
            standIn
                .docker("image", "inspect", "--format", "{{.Id}}", pushed)
                .succeeded()
                .stdout()
                .trim())
        .isEqualTo(imageId);
    assertThat(
            standIn
                .docker("run", "--rm", "--network", "none", pushed, "busybox", "cat", Seed.TOP_FILE)
                .succeeded()
                .stdout())
        .isEqualTo(Seed.of(standIn).files().get(Seed.TOP_FILE));
    standIn.docker("rmi", pushed);

    // Credentials come from the stand-in's auth file, never from a command line.
    String authFile = standIn.dir().resolve("docker-config/config.json").toString();
    String inspect =
        Command.of(
                "skopeo",
                "inspect",
                "--cert-dir",
                standIn.caFile().getParent().toString(),
                "--authfile",
                authFile,
                "docker://" + pushed)
            .run()
            .succeeded()
            .stdout();
    assertThat(inspect).contains(first.manifestDigest().toString());
  }
}
