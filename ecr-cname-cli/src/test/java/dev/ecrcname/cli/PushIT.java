package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.Seed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecr-cname push} through the CNAME; real docker and skopeo check what arrived. */
class PushIT extends AgainstStandIn {
  @TempDir Path dockerConfig;
  String repository;

  @BeforeEach
  void uniqueRepository() throws Exception {
    repository = "cli-it/pushed-" + Long.toString(System.nanoTime(), 36);
    // docker and skopeo read the registry password from a file, never from a command line.
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (standIn.username() + ":" + standIn.password()).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"auths\":{\"" + standIn.registryAuthority() + "\":{\"auth\":\"" + auth + "\"}}}\n");
  }

  @Test
  void dockerSaveTarballGoesUpAndDockerPullsItBackWithTheSameImageId() {
    standIn.requireDocker();
    String seeded = standIn.registryHost() + "/app/small:1.0";
    ecrCname("pull", "app/small:1.0", "-o", "seeded.tar").run().succeeded();
    docker("load", "-i", work.resolve("seeded.tar").toString());
    String imageId = docker("image", "inspect", "--format", "{{.Id}}", seeded).strip();
    docker("save", "-o", work.resolve("saved.tar").toString(), seeded);

    Command.Result pushed = ecrCname("push", "saved.tar", repository + ":1.0").run().succeeded();

    String manifestDigest = pushed.stdout().strip();
    assertThat(pushed.stderr())
        .contains("pushed " + repository + ":1.0 " + manifestDigest)
        .contains(imageId);
    String remote = standIn.registryAuthority() + "/" + repository + ":1.0";
    docker("pull", remote);
    assertThat(docker("image", "inspect", "--format", "{{.Id}}", remote).strip())
        .isEqualTo(imageId);
    assertThat(docker("run", "--rm", "--network", "none", remote, "cat", Seed.TOP_FILE))
        .isEqualTo(seed.files().get(Seed.TOP_FILE));
    assertThat(skopeoInspect(remote)).contains(manifestDigest);
  }

  @Test
  void pushingTheSameImageTwiceUploadsNothingTheSecondTime() {
    ecrCname("pull", "app/small-oci:1.0", "-o", "ours.tar").run().succeeded();

    Command.Result first =
        ecrCname("push", "--format", "oci", "ours.tar", repository + ":1.0").run().succeeded();
    Command.Result second =
        ecrCname("push", "--format", "oci", "ours.tar", repository + ":1.0").run().succeeded();

    assertThat(first.stderr()).doesNotContain("uploaded 0 B");
    assertThat(second.stderr()).contains("uploaded 0 B in 0 blobs");
    assertThat(second.stdout()).isEqualTo(first.stdout());
    Command.Result quiet =
        ecrCname("push", "-q", "--format", "oci", "ours.tar", repository + ":1.0")
            .run()
            .succeeded();
    assertThat(quiet.stderr()).isEmpty();
    assertThat(quiet.stdout()).as("-q drops the summary, not the digest").isEqualTo(first.stdout());
    Command.Result raw = ecrCname("inspect", "--raw", repository + ":1.0").run().succeeded();
    assertThat(Digest.sha256(raw.stdoutBytes())).hasToString(first.stdout().strip());
    assertThat(raw.stdout()).contains("application/vnd.oci.image.manifest.v1+json");
  }

  @Test
  void zstdLayersGoUpInAnOciManifestTheSameFromAnyEmptyCacheAndPullBackToTheSameLayers(
      @TempDir Path otherCache) throws Exception {
    ecrCname("pull", "app/small:1.0", "-o", "ours.tar").run().succeeded();

    Command.Result first =
        ecrCname("push", "--compression", "zstd", "ours.tar", repository + ":1.0")
            .run()
            .succeeded();
    Command.Result again =
        Cli.ecrCname("push")
            .args(Connection.staticCredentials(standIn, otherCache))
            .args(List.of("-q", "--compression", "zstd", "ours.tar", repository + ":2.0"))
            .stdin(standIn.password() + "\n")
            .in(work)
            .run()
            .succeeded();

    assertThat(again.stdout()).as("the same bytes, the same digest").isEqualTo(first.stdout());
    String raw = ecrCname("inspect", "--raw", repository + ":1.0").run().succeeded().stdout();
    assertThat(raw)
        .contains("application/vnd.oci.image.manifest.v1+json")
        .contains("application/vnd.oci.image.layer.v1.tar+zstd")
        .doesNotContain("tar+gzip");
    // The pull checks every decompressed layer against the config's diff_ids.
    ecrCname("pull", repository + ":1.0", "-o", "back.tar").run().succeeded();
    assertThat(layerPaths("back.tar")).isEqualTo(layerPaths("ours.tar")).isNotEmpty();
  }

  @Test
  void zstdWithTheDockerFormatIsAUsageErrorBeforeAnyUpload() {
    ecrCname("pull", "app/small:1.0", "-o", "ours.tar").run().succeeded();

    Command.Result refused =
        ecrCname(
                "push",
                "--compression",
                "zstd",
                "--format",
                "v2s2",
                "ours.tar",
                repository + ":1.0")
            .run();

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("--format oci");
  }

  @Test
  void aTarballThatIsNotAnImageExitsSevenNamingTheRuleItBroke() throws Exception {
    Files.write(work.resolve("not-an-image.tar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Files.writeString(work.resolve("two.tar"), "");
    Command.Result garbage = ecrCname("push", "not-an-image.tar", repository + ":1.0").run();
    Command.Result empty = ecrCname("push", "two.tar", repository + ":1.0").run();

    assertThat(garbage.exitCode()).isEqualTo(7);
    assertThat(garbage.errorLines()).singleElement().asString().contains("not-an-image.tar");
    assertThat(empty.exitCode()).isEqualTo(7);
    assertThat(empty.errorLines()).singleElement().asString().contains("two.tar");
  }

  @Test
  void aMissingFileIsAUsageError() {
    Command.Result result = ecrCname("push", "no-such.tar", repository + ":1.0").run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLines()).singleElement().asString().contains("no-such.tar");
  }

  /** The Layers of a tarball's manifest.json: blobs/sha256/DIFF_ID of each, in order. */
  private String layerPaths(String tarball) {
    String manifest =
        Command.of("tar", "-xOf", work.resolve(tarball).toString(), "manifest.json")
            .run()
            .succeeded()
            .stdout();
    return JsonParser.parseString(manifest)
        .getAsJsonArray()
        .get(0)
        .getAsJsonObject()
        .get("Layers")
        .toString();
  }

  private String docker(String... args) {
    return Command.of("docker", "--config", dockerConfig.toString(), "-H", standIn.dockerHost())
        .args(args)
        .run()
        .succeeded()
        .stdout();
  }

  private String skopeoInspect(String reference) {
    return Command.of(
            "skopeo",
            "inspect",
            "--authfile",
            dockerConfig.resolve("config.json").toString(),
            "--cert-dir",
            standIn.caFile().getParent().toString(),
            "docker://" + reference)
        .run()
        .succeeded()
        .stdout();
  }
}
