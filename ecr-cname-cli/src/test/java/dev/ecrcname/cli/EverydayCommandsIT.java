package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.Seed;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The everyday registry verbs ({@code digest}, {@code tag}, {@code delete}, {@code copy}) through
 * the CNAME; skopeo and docker check the registry's side. Tests that write use a repository of
 * their own, so the shared stand-in's seeded images stay as they are.
 */
class EverydayCommandsIT extends AgainstStandIn {
  String repository;

  @BeforeEach
  void uniqueRepository() {
    repository = "cli-it/everyday-" + Long.toString(System.nanoTime(), 36);
  }

  /** skopeo with the stand-in's auth file and CA: credentials never on a command line. */
  static Command skopeo(String... args) {
    return standIn.skopeo(args);
  }

  static String registryName(String repositoryAndTag) {
    return standIn.skopeoName(repositoryAndTag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"app/small:1.0", "app/small-oci:1.0", "app/multi:1.0"})
  void digestPrintsWhatSkopeoInspectSays(String image) {
    String skopeos =
        skopeo(
                "inspect",
                "--cert-dir",
                standIn.caFile().getParent().toString(),
                "--format",
                "{{.Digest}}",
                registryName(image))
            .run()
            .succeeded()
            .stdout()
            .strip();

    Command.Result ours = ecrCname("digest", image).run().succeeded();

    assertThat(skopeos).startsWith("sha256:");
    assertThat(ours.stdout()).isEqualTo(skopeos + System.lineSeparator());
  }

  /** Puts a seeded image into this test's repository with skopeo, all platforms of an index. */
  void seedInto(String image, String tag) {
    skopeo(
            "copy",
            "--all",
            "--preserve-digests",
            "--src-cert-dir",
            standIn.caFile().getParent().toString(),
            "--dest-cert-dir",
            standIn.caFile().getParent().toString(),
            registryName(image),
            registryName(repository + ":" + tag))
        .run()
        .succeeded();
  }

  @Test
  void tagThenPullByTheNewTag() {
    seedInto("app/small:1.0", "1.0");
    String digest = ecrCname("digest", repository + ":1.0").run().succeeded().stdout();

    Command.Result tagged = ecrCname("tag", repository + ":1.0", "stable").run().succeeded();

    assertThat(tagged.stdout()).isEqualTo(digest);
    assertThat(tagged.stderr()).contains("tagged " + repository + ":stable");
    assertThat(ecrCname("digest", repository + ":stable").run().succeeded().stdout())
        .isEqualTo(digest);
    ecrCname("pull", repository + ":stable", "-o", "stable.tar").run().succeeded();
    assertThat(work.resolve("stable.tar")).isNotEmptyFile();
  }

  @Test
  void tagOfAMultiPlatformIndexKeepsItsDigest() {
    seedInto("app/multi:1.0", "1.0");

    Command.Result tagged = ecrCname("tag", repository + ":1.0", "stable").run().succeeded();

    assertThat(tagged.stdout().strip()).isEqualTo(seed.digest("app/multi"));
    assertThat(ecrCname("digest", repository + ":stable").run().succeeded().stdout().strip())
        .isEqualTo(seed.digest("app/multi"));
  }

  @Test
  void deleteByTagPrintsTheDigestAndThenPullFailsWithNotFound() {
    seedInto("app/small:1.0", "1.0");
    seedInto("app/small:1.0", "also");
    String digest = ecrCname("digest", repository + ":1.0").run().succeeded().stdout();

    Command.Result deleted = ecrCname("delete", repository + ":1.0").run().succeeded();

    assertThat(deleted.stdout()).isEqualTo(digest);
    assertThat(deleted.stderr()).contains("every tag on that digest");
    Command.Result pull = ecrCname("pull", repository + ":1.0", "-o", "gone.tar").run();
    assertThat(pull.exitCode()).isEqualTo(3);
    assertThat(pull.errorLines().get(0)).contains("not found");
    assertThat(work.resolve("gone.tar")).doesNotExist();
    assertThat(ecrCname("pull", repository + ":also", "-o", "also.tar").run().exitCode())
        .as("the other tag on that digest went too")
        .isEqualTo(3);
  }

  @Test
  void copyKeepsTheDigestAndDockerPullsAndRunsTheCopy() {
    standIn.requireDocker();
    String digest = ecrCname("digest", "app/small:1.0").run().succeeded().stdout();

    Command.Result copied =
        ecrCname("copy", "app/small:1.0", repository + ":1.0").run().succeeded();

    assertThat(copied.stdout()).isEqualTo(digest);
    assertThat(copied.stderr())
        .contains("copied app/small:1.0 to " + repository + ":1.0 " + digest.strip())
        .containsPattern("mounted .* skipped .*");
    String remote = standIn.registryAuthority() + "/" + repository + ":1.0";
    standIn.docker("pull", remote).succeeded();
    assertThat(
            standIn
                .docker("run", "--rm", "--network", "none", remote, "cat", Seed.TOP_FILE)
                .succeeded()
                .stdout())
        .isEqualTo(seed.files().get(Seed.TOP_FILE));
    standIn.docker("rmi", remote);
  }

  @Test
  void copyOfTheMultiPlatformIndexKeepsItsDigestAndEveryPlatform() {
    Command.Result copied = ecrCname("copy", "app/multi:1.0", repository).run().succeeded();

    assertThat(copied.stdout().strip()).isEqualTo(seed.digest("app/multi"));
    assertThat(copied.stderr()).contains("(3 manifests)");
    String raw =
        skopeo(
                "inspect",
                "--raw",
                "--cert-dir",
                standIn.caFile().getParent().toString(),
                registryName(repository + ":1.0"))
            .run()
            .succeeded()
            .stdout();
    assertThat(raw).contains("\"arm64\"").contains("\"amd64\"");
    for (String platform : List.of("linux/amd64", "linux/arm64/v8")) {
      String child =
          seed.json()
              .getAsJsonObject("repositories")
              .getAsJsonObject("app/multi")
              .getAsJsonObject("platforms")
              .getAsJsonObject(platform)
              .get("digest")
              .getAsString();
      assertThat(ecrCname("digest", repository + "@" + child).run().succeeded().stdout().strip())
          .isEqualTo(child);
    }
  }

  @Test
  void copyWithOnePlatformTagsThatImage() {
    String arm =
        seed.json()
            .getAsJsonObject("repositories")
            .getAsJsonObject("app/multi")
            .getAsJsonObject("platforms")
            .getAsJsonObject("linux/arm64/v8")
            .get("digest")
            .getAsString();

    Command.Result copied =
        ecrCname("copy", "--platform", "linux/arm64/v8", "app/multi:1.0", repository + ":arm")
            .run()
            .succeeded();

    assertThat(copied.stdout().strip()).isEqualTo(arm);
    assertThat(ecrCname("digest", repository + ":arm").run().succeeded().stdout().strip())
        .isEqualTo(arm);
  }

  @Test
  void copyToASecondRegistryStreamsWithNoFileInTheCache() throws Exception {
    Command.Result copied =
        ecrCname(
                "copy",
                "--to-endpoint",
                standIn.endpoint().toString(),
                "--to-ca-file",
                standIn.caFile().toString(),
                "app/small-oci:1.0",
                repository + ":promoted")
            .run()
            .succeeded();

    assertThat(copied.stdout().strip()).isEqualTo(seed.digest("app/small-oci"));
    assertThat(copied.stderr()).contains("mounted 0 B in 0 blobs");
    try (var files = java.nio.file.Files.walk(cache)) {
      assertThat(files.filter(java.nio.file.Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void digestOfAMissingTagFailsWithNotFound() {
    Command.Result result = ecrCname("digest", "app/small:no-such-tag").run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.errorLines().get(0)).contains("app/small:no-such-tag").contains("not found");
  }
}
