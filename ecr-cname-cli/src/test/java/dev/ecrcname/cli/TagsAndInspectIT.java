package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.Command;
import org.junit.jupiter.api.Test;

/**
 * {@code tags}, {@code inspect} and {@code token} with static credentials, against the stand-in.
 */
class TagsAndInspectIT extends AgainstStandIn {

  @Test
  void tagsPrintsEveryTagOfEveryPageOneALine() {
    Command.Result result = ecrCname("tags", "app/many-tags").run().succeeded();

    assertThat(result.stdoutLines())
        .containsExactlyInAnyOrderElementsOf(seed.tags("app/many-tags"));
    assertThat(result.stdoutLines()).hasSizeGreaterThan(100); // more than one page of ECR's 100
  }

  @Test
  void tagsOfAnUnknownRepositoryFailsWithOneLine() {
    Command.Result result = ecrCname("tags", "app/no-such-repo").run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.errorLines()).singleElement().asString().contains("app/no-such-repo");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void inspectRawPrintsTheExactBytesOfTheDigest() {
    String digest = seed.digest("app/small-oci");
    Command.Result result = ecrCname("inspect", "--raw", "app/small-oci:1.0").run().succeeded();

    assertThat(Digest.sha256(result.stdoutBytes())).hasToString(digest);
  }

  @Test
  void inspectPrintsThePlatformsOfAnIndexAsATable() {
    Command.Result result = ecrCname("inspect", "app/multi:1.0").run().succeeded();

    JsonObject platforms =
        seed.json()
            .getAsJsonObject("repositories")
            .getAsJsonObject("app/multi")
            .getAsJsonObject("platforms");
    assertThat(result.stdoutLines()).hasSize(3);
    assertThat(result.stdoutLines().get(0)).startsWith("PLATFORM").contains("DIGEST");
    for (String platform : platforms.keySet()) {
      String digest = platforms.getAsJsonObject(platform).get("digest").getAsString();
      assertThat(result.stdoutLines())
          .anyMatch(l -> l.startsWith(platform + " ") && l.contains(digest));
    }
  }

  @Test
  void inspectRawOfAnIndexStaysItsJson() {
    Command.Result result = ecrCname("inspect", "--raw", "app/multi:1.0").run().succeeded();

    JsonObject index = JsonParser.parseString(result.stdout()).getAsJsonObject();
    assertThat(index.get("mediaType").getAsString()).isEqualTo(seed.mediaType("app/multi"));
    assertThat(Digest.sha256(result.stdoutBytes())).hasToString(seed.digest("app/multi"));
  }

  @Test
  void inspectConfigPrintsTheConfigWhoseHashIsTheImageId() {
    Command.Result manifest = ecrCname("inspect", "--raw", "app/small:1.0").run().succeeded();
    String configDigest =
        JsonParser.parseString(manifest.stdout())
            .getAsJsonObject()
            .getAsJsonObject("config")
            .get("digest")
            .getAsString();

    Command.Result config =
        ecrCname("inspect", "--config", "--raw", "--platform", "linux/amd64", "app/small:1.0")
            .run()
            .succeeded();

    assertThat(Digest.sha256(config.stdoutBytes())).hasToString(configDigest);
    assertThat(JsonParser.parseString(config.stdout()).getAsJsonObject().get("os").getAsString())
        .isEqualTo("linux");
  }

  @Test
  void tokenWithStaticCredentialsPrintsThatPassword() {
    Command.Result result =
        Cli.ecrCname("token", "--username", "AWS", "--password-stdin")
            .stdin(standIn.password() + "\n")
            .run()
            .succeeded();

    assertThat(result.stdout()).isEqualTo(standIn.password() + System.lineSeparator());
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void referenceMayStartWithTheRegistryHostAsDockerWritesIt() {
    Command.Result result =
        ecrCname("inspect", "--raw", standIn.registryHost() + "/app/small-oci:1.0")
            .run()
            .succeeded();

    assertThat(Digest.sha256(result.stdoutBytes())).hasToString(seed.digest("app/small-oci"));
  }
}
