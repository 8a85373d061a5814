package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.Command;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the jar itself: usage errors exit 2, help and version 0. */
class UsageIT {

  @Test
  void unknownOptionExitsTwoWithAShortMessage() {
    Command.Result result = Cli.ecrCname("pull", "--no-such-option", "app/small:1.0").run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLines()).singleElement().asString().contains("--no-such-option");
    assertThat(result.stderr()).contains("Try 'ecr-cname pull --help'");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void missingEndpointIsAUsageError() {
    Command.Result result =
        Cli.ecrCname("tags", "--password-stdin", "app/small").stdin("secret\n").run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("--endpoint")
        .contains("ECR_CNAME_ENDPOINT");
  }

  @Test
  void endpointComesFromTheEnvironment() {
    // A registry that does not resolve: the point is that the endpoint was taken from
    // ECR_CNAME_ENDPOINT.
    Command.Result result =
        Cli.ecrCname("tags", "--password-stdin", "app/small")
            .env("ECR_CNAME_ENDPOINT", "https://ecr-cname-it.invalid")
            .stdin("secret\n")
            .run();

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.errorLines()).singleElement().asString().contains("ecr-cname-it.invalid");
  }

  @Test
  void anAliasOnTheCommandLineBeatsTheEnvironment() {
    Command.Result result =
        Cli.ecrCname("tags", "--url", "https://from-alias.invalid", "--password-stdin", "app/small")
            .env("ECR_CNAME_ENDPOINT", "https://from-env.invalid")
            .stdin("secret\n")
            .run();

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.errorLines()).singleElement().asString().contains("from-alias.invalid");
    assertThat(result.stderr()).doesNotContain("from-env.invalid");
  }

  @Test
  void helpAndVersionWorkOnEveryCommand() {
    for (String command :
        new String[] {"pull", "push", "tags", "inspect", "digest", "token", "login"}) {
      Command.Result help = Cli.ecrCname(command, "--help").run().succeeded();
      assertThat(help.stdout()).contains("Usage: ecr-cname " + command).contains("--endpoint");
      Command.Result version = Cli.ecrCname(command, "--version").run().succeeded();
      assertThat(version.stdout()).startsWith("ecr-cname ");
    }
  }

  @Test
  void noCommandIsAUsageError() {
    Command.Result result = Cli.ecrCname().run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLines())
        .singleElement()
        .asString()
        .contains("pull, push, tags, inspect, digest")
        .contains("token");
  }

  /**
   * Issue 21, defect 18: with no AWS credentials anywhere, one error line and one hint, not the
   * SDK's dump of every provider in its chain; that detail is there under -v.
   */
  @Test
  void noAwsCredentialsIsOneShortErrorLineAndAHintWithTheSdksDetailOnlyUnderVerbose(
      @TempDir Path home) {
    String[] pull = {
      "pull",
      "--endpoint",
      "https://docker-ecr.internal.example",
      "--region",
      "us-east-1",
      "app/small:1.0"
    };
    Map<String, String> noAws =
        Map.of(
            "HOME", home.toString(),
            "AWS_CONFIG_FILE", home.resolve("config").toString(),
            "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
            "AWS_EC2_METADATA_DISABLED", "true");

    Command.Result result = Cli.ecrCname(pull).env(noAws).in(home).run();

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stderr().lines())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).hasSizeLessThan(200));
    assertThat(result.stderr())
        .startsWith("ecr-cname: error: no AWS credentials from the default credentials chain")
        .contains("\nhint: ")
        .contains("--profile")
        .contains("-v")
        .doesNotContain("EnvironmentVariableCredentialsProvider");

    Command.Result verbose = Cli.ecrCname(pull).args("-v").env(noAws).in(home).run();

    assertThat(verbose.exitCode()).isEqualTo(4);
    assertThat(verbose.stderr()).contains("EnvironmentVariableCredentialsProvider");
  }
}
