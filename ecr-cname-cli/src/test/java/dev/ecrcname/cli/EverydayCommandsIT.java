package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The everyday registry verbs ({@code digest}, {@code tag}, {@code delete}, {@code copy}) through
 * the CNAME; skopeo and docker check the registry's side. Tests that write use a repository of
 * their own, so the shared stand-in's seeded images stay as they are.
 */
class EverydayCommandsIT {
  static StandIn standIn;
  static Seed seed;
  @TempDir Path cache;
  @TempDir Path work;
  String repository;

  @BeforeAll
  static void standIn() {
    standIn = StandIn.require();
    seed = Seed.of(standIn);
  }

  @BeforeEach
  void uniqueRepository() {
    repository = "cli-it/everyday-" + Long.toString(System.nanoTime(), 36);
  }

  Command ecrCname(String command, String... args) {
    return Cli.ecrCname(command)
        .args(Connection.staticCredentials(standIn, cache))
        .args(List.of(args))
        .stdin(standIn.password() + "\n")
        .in(work);
  }

  /** skopeo with the stand-in's auth file and CA: credentials never on a command line. */
  static Command skopeo(String... args) {
    return Command.of("skopeo")
        .args(List.of(args))
        .args(
            List.of(
                "--authfile",
                standIn.dir().resolve("docker-config/config.json").toString(),
                "--cert-dir",
                standIn.caFile().getParent().toString()));
  }

  static String registryName(String repositoryAndTag) {
    return "docker://" + standIn.registryAuthority() + "/" + repositoryAndTag;
  }

  @ParameterizedTest
  @ValueSource(strings = {"app/small:1.0", "app/small-oci:1.0", "app/multi:1.0"})
  void digestPrintsWhatSkopeoInspectSays(String image) {
    String skopeos =
        skopeo("inspect", "--format", "{{.Digest}}", registryName(image))
            .run()
            .succeeded()
            .stdout()
            .strip();

    Command.Result ours = ecrCname("digest", image).run().succeeded();

    assertThat(skopeos).startsWith("sha256:");
    assertThat(ours.stdout()).isEqualTo(skopeos + System.lineSeparator());
  }

  @Test
  void digestOfAMissingTagFailsWithNotFound() {
    Command.Result result = ecrCname("digest", "app/small:no-such-tag").run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.errorLines().get(0)).contains("app/small:no-such-tag").contains("not found");
  }
}
