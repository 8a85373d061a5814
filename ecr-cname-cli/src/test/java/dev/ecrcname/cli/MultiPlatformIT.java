package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Platform;
import dev.ecrcname.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code pull --all-platforms} in each format, read by skopeo, containerd and docker; and a
 * multi-platform tarball pushed back as an index. The seeded {@code app/multi} index holds
 * linux/amd64 and linux/arm64/v8.
 */
class MultiPlatformIT extends AgainstStandIn {

  /** {@code pull --all-platforms --format FORMAT -o OUT app/multi:1.0}, which must succeed. */
  Command.Result pullAllPlatforms(String format, Path out) {
    return ecrCname(
            "pull", "--all-platforms", "--format", format, "-o", out.toString(), "app/multi:1.0")
        .run()
        .succeeded();
  }

  /** skopeo inspect, trusting the stand-in's CA. */
  static Command inspect(String... args) {
    return standIn.skopeo("inspect", "--cert-dir", standIn.certDir()).args(args);
  }

  /** The architecture of the config skopeo copies out of {@code source} for {@code arch}. */
  String architectureSkopeoCopies(String source, String arch) throws IOException {
    Path dir = work.resolve("copied-" + arch);
    List<String> args = new ArrayList<>(List.of("--override-arch", arch));
    if (arch.equals("arm64")) {
      args.addAll(List.of("--override-variant", "v8"));
    }
    args.addAll(List.of("copy", "-q", source, "dir:" + dir));
    Command.of("skopeo").args(args).run().succeeded();
    JsonObject manifest =
        JsonParser.parseString(Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
    String config = manifest.getAsJsonObject("config").get("digest").getAsString();
    JsonObject json =
        JsonParser.parseString(Files.readString(dir.resolve(config.substring(7))))
            .getAsJsonObject();
    return json.get("architecture").getAsString();
  }

  static List<String> architectures(String rawIndex) {
    List<String> architectures = new ArrayList<>();
    for (JsonElement entry :
        JsonParser.parseString(rawIndex).getAsJsonObject().getAsJsonArray("manifests")) {
      architectures.add(
          entry.getAsJsonObject().getAsJsonObject("platform").get("architecture").getAsString());
    }
    return architectures;
  }

  @ParameterizedTest
  @ValueSource(strings = {"oci", "docker"})
  void anAllPlatformsTarballGivesSkopeoEachPlatform(String format) throws IOException {
    Path tar = work.resolve("multi-" + format + ".tar");
    Command.Result pulled = pullAllPlatforms(format, tar);

    assertThat(pulled.stderr()).contains("[linux/amd64, linux/arm64/v8]");
    for (String arch : List.of("amd64", "arm64")) {
      assertThat(architectureSkopeoCopies("oci-archive:" + tar, arch)).isEqualTo(arch);
    }
  }

  @Test
  void anOciDirectoryKeepsTheRegistrysIndexByteForByte() {
    Path layout = work.resolve("layout");
    pullAllPlatforms("oci-dir", layout);

    String local = inspect("--raw", "oci:" + layout).run().succeeded().stdout();
    String registry =
        inspect("--raw", standIn.skopeoName("app/multi:1.0")).run().succeeded().stdout();
    assertThat(local).isEqualTo(registry);
    assertThat(architectures(local)).containsExactlyInAnyOrder("amd64", "arm64");
  }

  @Test
  void docker20LoadsThisMachinesPlatformAndContainerdImportsBoth() {
    standIn.requireDocker();
    Path tar = work.resolve("multi.tar");
    pullAllPlatforms("docker", tar);
    String name = standIn.registryHost() + "/app/multi:1.0";

    standIn.docker("load", "-i", tar.toString()).succeeded();
    assertThat(
            standIn
                .docker("image", "inspect", "--format", "{{.Architecture}}", name)
                .succeeded()
                .stdout()
                .strip())
        .isEqualTo(Platform.current().architecture());
    standIn.docker("rmi", name);

    List<String> ctr =
        List.of(
            "ctr",
            "--address",
            standIn.containerdAddress(),
            "-n",
            "ecr-cname-it-" + UUID.randomUUID());
    try {
      Command.of(ctr).args("images", "import", "--all-platforms", tar.toString()).run().succeeded();
      String listing = Command.of(ctr).args("images", "ls").run().succeeded().stdout();
      assertThat(listing).contains(name).contains("linux/amd64").contains("linux/arm64/v8");
    } finally {
      Command.of(ctr).args("images", "rm", "--sync", name).run();
      Command.of(ctr.subList(0, 3)).args("namespaces", "rm", ctr.get(4)).run();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"skopeo", "ecr-cname"})
  void aMultiPlatformTarballPushesAsAnIndexOfBothPlatforms(String producer) {
    Path tar = work.resolve("multi.tar");
    if (producer.equals("skopeo")) {
      // As buildx writes it: an OCI archive whose index.json names the index.
      standIn
          .skopeo(
              "copy",
              "-q",
              "--all",
              "--src-cert-dir",
              standIn.certDir(),
              standIn.skopeoName("app/multi:1.0"),
              "oci-archive:" + tar)
          .run()
          .succeeded();
    } else {
      pullAllPlatforms("docker", tar);
    }
    String repository = "cli-it/multi-push-" + Long.toString(System.nanoTime(), 36);

    Command.Result pushed = ecrCname("push", tar.toString(), repository + ":1.0").run().succeeded();

    assertThat(pushed.stderr()).contains("(2 platforms)");
    String raw =
        inspect("--raw", standIn.skopeoName(repository + ":1.0")).run().succeeded().stdout();
    assertThat(raw).contains("application/vnd.docker.distribution.manifest.list.v2+json");
    assertThat(architectures(raw)).containsExactlyInAnyOrder("amd64", "arm64");
    assertThat(raw).as("the arm64 image keeps its variant").contains("\"variant\":\"v8\"");
    assertThat(ecrCname("digest", repository + ":1.0").run().succeeded().stdout())
        .isEqualTo(pushed.stdout());
    // Each image went in whole: skopeo copies each platform out of the registry.
    for (String arch : List.of("amd64", "arm64")) {
      Path dir = work.resolve("from-registry-" + arch);
      List<String> args = new ArrayList<>(List.of("--override-arch", arch));
      if (arch.equals("arm64")) {
        args.addAll(List.of("--override-variant", "v8"));
      }
      args.addAll(
          List.of(
              "copy",
              "-q",
              "--src-cert-dir",
              standIn.certDir(),
              standIn.skopeoName(repository + ":1.0"),
              "dir:" + dir));
      standIn.skopeo(args.toArray(String[]::new)).run().succeeded();
    }
  }
}
