package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.FakeAws;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AWS path: credentials from the environment, a token from the ECR API (a fake, through
 * --ecr-endpoint-url), and the registry host from the token's proxyEndpoint, as on AWS when only
 * --endpoint and --region are given.
 */
class AwsCredentialsIT extends AgainstStandIn {
  @RegisterExtension final FakeAws ecr = new FakeAws();

  @BeforeEach
  void ecrHandsOutTheStandInsPassword() {
    ecr.password(standIn.password()).proxyEndpoint("https://" + standIn.registryHost());
  }

  Command command(String command, String... args) {
    return Cli.ecrCname(command)
        .args(Connection.standIn(standIn, cache))
        .args(List.of("--region", "us-east-1", "--ecr-endpoint-url", ecr.endpoint().toString()))
        .args(List.of(args))
        .env(FakeAws.awsEnvironment())
        .in(work);
  }

  @Test
  void tokenPrintsThePasswordFromGetAuthorizationToken() {
    Command.Result result = command("token").run().succeeded();

    assertThat(result.stdout().strip()).isEqualTo(standIn.password());
    assertThat(ecr.ecrRequests()).isEqualTo(1);
  }

  @Test
  void pullTakesTheRegistryHostFromTheTokensProxyEndpoint() {
    Command.Result result = command("pull", "app/small:1.0").run().succeeded();

    assertThat(work.resolve("app-small_1.0.tar")).isRegularFile();
    assertThat(result.stderr()).contains("pulled app/small:1.0").doesNotContain(standIn.password());
    assertThat(ecr.ecrRequests()).isEqualTo(1); // one token serves the whole pull
  }

  @Test
  void copyToAnotherEndpointWhoseTokenNamesTheSourcesRegistryIsRefusedBeforeAnyRequest() {
    // The same identity in the same region: the target's token names the source's registry, which
    // a CNAME for another account's registry would then receive (issue 21, item 2).
    Command.Result result =
        command(
                "copy",
                "--to-endpoint",
                "https://docker-ecr.other-account.example",
                "app/small:1.0",
                "app/small:1.0")
            .run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLines().get(0))
        .contains("the target's token names the source's registry " + standIn.registryHost());
    assertThat(result.stderr()).contains("--to-registry");
  }

  @Test
  void tagsAndInspectWorkWithAwsCredentials() {
    assertThat(command("tags", "app/many-tags").run().succeeded().stdoutLines())
        .containsExactlyInAnyOrderElementsOf(seed.tags("app/many-tags"));
    Command.Result raw = command("inspect", "--raw", "app/small-oci:1.0").run().succeeded();
    assertThat(Digest.sha256(raw.stdoutBytes())).hasToString(seed.digest("app/small-oci"));
  }

  @Test
  void verboseLogsTheRequestsButNoSecret() {
    Command.Result result = command("tags", "-v", "app/small").run().succeeded();

    // The log line exactly as printed, so its path is written out rather than from RegistryPaths.
    assertThat(result.stderr()).contains("GET " + standIn.endpoint() + "/v2/app/small/tags/list");
    assertThat(result.stderr())
        .doesNotContain(standIn.password())
        .doesNotContain(FakeAws.awsEnvironment().get("AWS_SECRET_ACCESS_KEY"))
        .doesNotContain("Authorization: ")
        .doesNotContain("X-Amz-Security-Token: ");
  }

  @Test
  void missingRegionIsOneLineNamingTheOption() {
    Command.Result result =
        Cli.ecrCname("token", "--ecr-endpoint-url", ecr.endpoint().toString())
            .env(FakeAws.awsEnvironment())
            .run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLines()).singleElement().asString().contains("--region");
  }
}
