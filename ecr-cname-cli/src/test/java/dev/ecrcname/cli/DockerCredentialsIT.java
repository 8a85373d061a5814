package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.FakeAws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's own credentials: a pull with no credential options takes them from a docker config (an
 * {@code auths} entry, a credential helper), and {@code login} writes the ECR token where docker
 * itself finds it.
 */
class DockerCredentialsIT extends AgainstStandIn {
  @RegisterExtension final FakeAws ecr = new FakeAws();
  @TempDir Path dockerConfig;
  @TempDir Path bin;

  Map<String, String> env() {
    return Map.of(
        "DOCKER_CONFIG",
        dockerConfig.toString(),
        "PATH",
        bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  /** A pull with no credential options at all, only the docker config. */
  Command pullWithoutCredentials() {
    return Cli.ecrCname("pull")
        .args(Connection.standIn(standIn, cache))
        .args("--registry", standIn.registryHost(), "app/small:1.0", "-o", "small.tar")
        .env(env())
        .in(work);
  }

  void config(String json) throws IOException {
    Files.writeString(dockerConfig.resolve("config.json"), json);
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pullTakesTheAuthsEntryOfTheRegistryHost() throws IOException {
    config(
        "{\"auths\":{\""
            + standIn.registryAuthority()
            + "\":{\"auth\":\""
            + b64(standIn.username() + ":" + standIn.password())
            + "\"}}}");

    Command.Result result = pullWithoutCredentials().run().succeeded();

    assertThat(work.resolve("small.tar")).isRegularFile();
    assertThat(result.stderr()).doesNotContain(standIn.password());
  }

  @Test
  void pullTakesTheCredentialHelperNamedForTheCname() throws IOException {
    Path calls = bin.resolve("calls");
    Path helper = bin.resolve("docker-credential-fake");
    Files.writeString(
        helper,
        "#!/bin/sh\nread host\necho \"$1 $host\" >> '"
            + calls
            + "'\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"AWS\",\"Secret\":\"%s\"}' \"$host\" '"
            + standIn.password()
            + "'\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
    config("{\"credHelpers\":{\"" + standIn.cname() + "\":\"fake\"}}");

    Command.Result result = pullWithoutCredentials().run().succeeded();

    assertThat(work.resolve("small.tar")).isRegularFile();
    assertThat(Files.readAllLines(calls)).containsExactly("get " + standIn.cname());
    assertThat(result.stderr()).doesNotContain(standIn.password());
  }

  @Test
  void aConfigWithoutTheHostFallsBackToAwsAsBefore() throws IOException {
    config("{\"auths\":{\"other.example\":{\"auth\":\"" + b64("u:p") + "\"}}}");
    Map<String, String> env = new HashMap<>(env());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_CONFIG_FILE", "/nonexistent/ecr-cname-it/config");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ecr-cname-it/credentials");

    Command.Result result = pullWithoutCredentials().env(env).run();

    assertThat(result.exitCode()).as("no region: a missing option").isEqualTo(2);
    assertThat(result.stderr()).containsIgnoringCase("region");
  }

  /**
   * login writes the token for the registry host, never the CNAME, and docker itself then pulls
   * with that config from the stand-in's dockerd.
   */
  @Test
  void loginWritesTheTokenThatDockerPullsWith() throws IOException {
    standIn.requireDocker();
    ecr.password(standIn.password()).proxyEndpoint("https://" + standIn.registryHost());
    config(
        "{\"auths\":{\"other.example\":{\"auth\":\""
            + b64("u:p")
            + "\"}},\"detachKeys\":\"ctrl-x\"}");
    Map<String, String> env = new HashMap<>(FakeAws.awsEnvironment());
    env.putAll(env());

    Command.Result login =
        Cli.ecrCname(
                "login", "--region", "us-east-1", "--ecr-endpoint-url", ecr.endpoint().toString())
            .env(env)
            .in(work)
            .run()
            .succeeded();

    assertThat(login.stderr())
        .contains("Login Succeeded: " + standIn.registryHost())
        .doesNotContain(standIn.password());
    assertThat(login.stdout()).isEmpty();
    Path file = dockerConfig.resolve("config.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    JsonObject auths = json.getAsJsonObject("auths");
    assertThat(auths.keySet()).containsExactlyInAnyOrder("other.example", standIn.registryHost());
    assertThat(auths.getAsJsonObject(standIn.registryHost()).get("auth").getAsString())
        .isEqualTo(b64("AWS:" + standIn.password()));
    assertThat(json.get("detachKeys").getAsString()).isEqualTo("ctrl-x");

    // By digest, so that no tag another test loads is touched in the shared dockerd.
    String image = standIn.registryAuthority() + "/app/small-oci@" + seed.digest("app/small-oci");
    Command docker =
        Command.of("docker", "--config", dockerConfig.toString(), "-H", standIn.dockerHost());
    try {
      Command.Result pulled = docker.args("pull", image).run().succeeded();
      assertThat(pulled.stdout()).contains(seed.digest("app/small-oci"));
    } finally {
      Command.of("docker", "-H", standIn.dockerHost(), "rmi", image).run();
    }
  }

  @Test
  void loginRefusesTheCnameAsTheRegistryHost() {
    Command.Result result =
        Cli.ecrCname("login", "--endpoint", standIn.endpoint().toString())
            .args("--registry", standIn.cname(), "--username", "AWS", "--password-stdin")
            .stdin(standIn.password() + "\n")
            .env(env())
            .in(work)
            .run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("never the CNAME");
    assertThat(dockerConfig.resolve("config.json")).doesNotExist();
  }

  @Test
  void helpListsLogin() {
    assertThat(Cli.ecrCname("--help").run().succeeded().stdout()).contains("login");
  }
}
