package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.Seed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code ecr-cname pull} through the stand-in's CNAME, run as a subprocess from the shaded jar. */
class PullIT extends AgainstStandIn {

  Command pull(String... args) {
    return ecrCname("pull", args);
  }

  @Test
  void pullWritesTheDefaultFileNamedAfterTheReference() {
    Command.Result result = pull("app/small:1.0").run().succeeded();

    assertThat(work.resolve("app-small_1.0.tar")).isRegularFile();
    assertThat(result.stdoutLines()).containsExactly("app-small_1.0.tar");
    assertThat(result.stderr())
        .contains("pulled app/small:1.0 sha256:")
        .contains("MB/s")
        .contains("app-small_1.0.tar");
    assertThat(result.stderr()).doesNotContain(standIn.password());
  }

  @Test
  void dockerLoadsAndRunsTheTarball() {
    standIn.requireDocker();
    pull("app/small:1.0", "-o", "small.tar").run().succeeded();

    String loaded = docker("load", "-i", work.resolve("small.tar").toString()).succeeded().stdout();
    assertThat(loaded).contains(standIn.registryHost() + "/app/small:1.0");
    String out =
        docker(
                "run",
                "--rm",
                "--network",
                "none",
                standIn.registryHost() + "/app/small:1.0",
                "cat",
                Seed.TOP_FILE)
            .succeeded()
            .stdout();
    assertThat(out).isEqualTo(seed.files().get(Seed.TOP_FILE));
  }

  /**
   * The tarball is a docker-archive and an OCI archive at once: podman loads it, skopeo reads it
   * both ways.
   */
  @Test
  void podmanLoadsItAndSkopeoReadsItAsDockerAndOciArchive() {
    pull("app/small:1.0", "-o", "small.tar").run().succeeded();
    Path tar = work.resolve("small.tar");
    byte[] config =
        Cli.ecrCname("inspect")
            .args(Connection.staticCredentials(standIn, cache))
            .args(List.of("--config", "--raw", "app/small:1.0"))
            .stdin(standIn.password() + "\n")
            .run()
            .succeeded()
            .stdoutBytes();
    Digest imageId = Digest.sha256(config);
    List<String> diffIds =
        JsonParser.parseString(new String(config, StandardCharsets.UTF_8))
            .getAsJsonObject()
            .getAsJsonObject("rootfs")
            .getAsJsonArray("diff_ids")
            .asList()
            .stream()
            .map(JsonElement::getAsString)
            .toList();
    String name = standIn.registryHost() + "/app/small:1.0";

    Path podman = work.resolve("podman");
    Command.podman(podman).args("load", "-i", tar.toString()).run().succeeded();
    assertThat(
            Command.podman(podman)
                .args("image", "inspect", "--format", "{{.Id}}", name)
                .run()
                .succeeded()
                .stdout()
                .strip())
        .isEqualTo(imageId.hex());

    String inspected =
        Command.of("skopeo", "inspect", "docker-archive:" + tar).run().succeeded().stdout();
    assertThat(
            JsonParser.parseString(inspected).getAsJsonObject().getAsJsonArray("Layers").asList())
        .extracting(JsonElement::getAsString)
        .containsExactlyElementsOf(diffIds);

    Path dir = work.resolve("copied");
    Command.of("skopeo", "copy", "oci-archive:" + tar, "dir:" + dir).run().succeeded();
    assertThat(dir.resolve(imageId.hex())).hasBinaryContent(config);
    for (String diffId : diffIds) {
      assertThat(dir.resolve(diffId.substring("sha256:".length())))
          .as("layer %s", diffId)
          .isRegularFile();
    }
  }

  @Test
  void nonTerminalProgressIsOneLinePerBlobAndQuietKeepsOnlyThePath() {
    Command.Result normal = pull("app/small-oci:1.0", "-o", "normal.tar").run().succeeded();
    long blobLines =
        normal.stderr().lines().filter(l -> l.matches("(layer|config) +[0-9a-f]{12} .*")).count();
    assertThat(blobLines).isEqualTo(seed.json().get("layers").getAsInt() + 1);

    Command.Result quiet = pull("-q", "app/small-oci:1.0", "-o", "quiet.tar").run().succeeded();
    assertThat(quiet.stderr()).isEmpty();
    assertThat(quiet.stdoutLines())
        .as("-q drops progress and summary, not the data")
        .containsExactly("quiet.tar");
    assertThat(work.resolve("quiet.tar")).isRegularFile();
  }

  @Test
  void pullByDigestWithCompressedLayersAndAnotherName() throws Exception {
    String digest = seed.digest("app/small-oci");
    pull(
            "app/small-oci@" + digest,
            "--compressed-layers",
            "--tag",
            "renamed/app:7",
            "--parallel",
            "2")
        .run()
        .succeeded();

    Path tar = work.resolve("app-small-oci_sha256-" + digest.substring(7, 19) + ".tar");
    assertThat(tar).isRegularFile();
    Command.of("skopeo", "inspect", "docker-archive:" + tar + ":renamed/app:7").run().succeeded();
    // --compressed-layers: each layer file is the registry's gzip blob, byte for byte.
    byte[] manifest =
        Cli.ecrCname("inspect")
            .args(Connection.staticCredentials(standIn, cache))
            .args(List.of("--raw", "app/small-oci@" + digest))
            .stdin(standIn.password() + "\n")
            .run()
            .succeeded()
            .stdoutBytes();
    List<String> registryLayers =
        JsonParser.parseString(new String(manifest, StandardCharsets.UTF_8))
            .getAsJsonObject()
            .getAsJsonArray("layers")
            .asList()
            .stream()
            .map(l -> l.getAsJsonObject().get("digest").getAsString())
            .toList();
    assertThat(layerFilesOf(tar).values())
        .allSatisfy(bytes -> assertThat(bytes).startsWith((byte) 0x1f, (byte) 0x8b))
        .extracting(bytes -> Digest.sha256(bytes).toString())
        .containsExactlyElementsOf(registryLayers);
  }

  /** The files manifest.json names as Layers, by name, in its order. */
  private static java.util.Map<String, byte[]> layerFilesOf(Path tar) throws Exception {
    java.util.Map<String, byte[]> entries = new java.util.HashMap<>();
    try (var in =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            Files.newInputStream(tar))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.isFile()) {
          entries.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    java.util.Map<String, byte[]> layers = new java.util.LinkedHashMap<>();
    JsonParser.parseString(new String(entries.get("manifest.json"), StandardCharsets.UTF_8))
        .getAsJsonArray()
        .get(0)
        .getAsJsonObject()
        .getAsJsonArray("Layers")
        .forEach(name -> layers.put(name.getAsString(), entries.get(name.getAsString())));
    return layers;
  }

  @Test
  void pullTakesThePlatformFromAnIndex() {
    String wanted = "linux/arm64/v8";
    Command.Result result =
        pull("app/multi:1.0", "--platform", wanted, "-o", "arm.tar").run().succeeded();
    String manifest =
        seed.json()
            .getAsJsonObject("repositories")
            .getAsJsonObject("app/multi")
            .getAsJsonObject("platforms")
            .getAsJsonObject(wanted)
            .get("digest")
            .getAsString();
    assertThat(result.stderr()).contains("pulled app/multi:1.0 " + manifest);
  }

  @Test
  void aPlatformTheIndexLacksHintsAtThePlatformOption() {
    Command.Result result =
        pull("app/multi:1.0", "--platform", "linux/s390x", "-o", "none.tar").run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("linux/s390x")
        .contains("linux/arm64");
    assertThat(result.stderr().lines().filter(l -> l.startsWith("hint: ")))
        .singleElement()
        .asString()
        .contains("--platform");
  }

  @Test
  void unknownTagExitsThreeWithOneErrorLineAndNoFile() throws Exception {
    Command.Result result = pull("app/small:no-such-tag").run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.errorLines()).hasSize(1);
    assertThat(result.errorLines().get(0)).contains("app/small:no-such-tag").contains("not found");
    assertThat(result.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(result.stdout()).isEmpty();
    try (Stream<Path> files = Files.list(work)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void wrongRegistryHostSaysToCheckTheRegistryOption() {
    List<String> args = new ArrayList<>(Connection.staticCredentials(standIn, cache));
    args.set(args.indexOf("--registry") + 1, "999999999999.dkr.ecr.us-east-1.amazonaws.com");
    Command.Result result =
        Cli.ecrCname("pull")
            .args(args)
            .args(List.of("app/small:1.0"))
            .stdin(standIn.password())
            .in(work)
            .run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.errorLines()).singleElement().asString().contains("404");
    // Core says what is wrong; the flag to fix comes from the CLI's hint.
    assertThat(result.stderr().lines().filter(l -> l.startsWith("hint: ")))
        .singleElement()
        .asString()
        .contains("--registry");
  }

  @Test
  void certificateErrorNamesTheHostItWasCheckedAgainst() {
    // Without --registry and with static credentials, the certificate is checked against the CNAME
    // itself.
    List<String> args = new ArrayList<>(Connection.standIn(standIn, cache));
    args.addAll(List.of("--password-stdin", "app/small:1.0"));
    Command.Result result =
        Cli.ecrCname("pull").args(args).stdin(standIn.password()).in(work).run();

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("does not name the registry host " + standIn.cname());
    assertThat(result.stderr()).contains("hint: ").contains("--registry");
  }

  @Test
  void verboseLogsEachRequestLineWithoutSecrets() {
    Command.Result result = pull("-v", "app/small:1.0", "-o", "v.tar").run().succeeded();

    // The log line exactly as printed, so its path is written out rather than from RegistryPaths.
    assertThat(result.stderr())
        .contains("GET " + standIn.endpoint() + "/v2/app/small/manifests/1.0 -> 200");
    // The blob's 307 goes to S3 with a presigned query, which is logged redacted.
    assertThat(result.stderr())
        .containsPattern("GET https://" + standIn.s3Host().replace(".", "\\.") + "\\S*\\?… -> 200");
    assertThat(result.stderr())
        .doesNotContain(standIn.password())
        .doesNotContain("X-Amz-Signature=");
  }

  private Command.Result docker(String... args) {
    return Command.of("docker", "-H", standIn.dockerHost()).args(args).run();
  }
}
