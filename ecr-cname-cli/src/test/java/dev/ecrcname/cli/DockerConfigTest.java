package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.core.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's config.json read for credentials and written by login, with fake helper scripts. */
class DockerConfigTest {
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  static final String CNAME = "docker-ecr.internal.example";

  @TempDir Path dir;
  @TempDir Path bin;

  Map<String, String> env() {
    return Map.of("DOCKER_CONFIG", dir.toString(), "PATH", bin + ":/usr/bin:/bin");
  }

  void config(String json) throws IOException {
    Files.writeString(dir.resolve("config.json"), json);
  }

  /** A fake docker-credential-NAME: logs its action and stdin, then runs {@code body}. */
  void helper(String name, String body) throws IOException {
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(
        script,
        "#!/bin/sh\nin=$(cat)\necho \"$1 $in\" >> \""
            + bin
            + "/"
            + name
            + ".calls\"\n"
            + body
            + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  List<String> calls(String name) throws IOException {
    return Files.readAllLines(bin.resolve(name + ".calls"));
  }

  Optional<DockerConfig.Found> find(String... hosts) {
    return DockerConfig.load(env()).find(List.of(hosts));
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void authsEntryWithBase64UserColonPassword() throws IOException {
    config(
        "{\"auths\":{\"https://" + REGISTRY + "/v1/\":{\"auth\":\"" + b64("AWS:pa:ss") + "\"}}}");

    DockerConfig.Found found = find(REGISTRY, CNAME).orElseThrow();
    assertThat(found.host()).isEqualTo(REGISTRY);
    assertThat(found.credentials().username()).isEqualTo("AWS");
    assertThat(found.credentials().password()).isEqualTo("pa:ss");
  }

  @Test
  void authsEntryWithUsernameAndPasswordForTheCnameWhenTheRegistryHasNone() throws IOException {
    config("{\"auths\":{\"" + CNAME + "\":{\"username\":\"AWS\",\"password\":\"pw\"}}}");

    DockerConfig.Found found = find(REGISTRY, CNAME).orElseThrow();
    assertThat(found.host()).isEqualTo(CNAME);
    assertThat(found.credentials().password()).isEqualTo("pw");
  }

  @Test
  void nothingForEitherHostIsEmpty() throws IOException {
    config("{\"auths\":{\"other.example\":{\"auth\":\"" + b64("u:p") + "\"}}}");
    assertThat(find(REGISTRY, CNAME)).isEmpty();
    assertThat(
            DockerConfig.load(Map.of("DOCKER_CONFIG", dir.resolve("none").toString()))
                .find(List.of(REGISTRY)))
        .isEmpty();
  }

  @Test
  void aPerHostCredentialHelperGetsTheHostOnStdinAndAnswersJson() throws IOException {
    helper("fake", "echo '{\"ServerURL\":\"x\",\"Username\":\"AWS\",\"Secret\":\"from-helper\"}'");
    config(
        "{\"auths\":{\""
            + REGISTRY
            + "\":{\"auth\":\""
            + b64("AWS:stale")
            + "\"}},\"credHelpers\":{\""
            + REGISTRY
            + "\":\"fake\"}}");

    DockerConfig.Found found = find(REGISTRY, CNAME).orElseThrow();
    assertThat(found.credentials().password()).isEqualTo("from-helper");
    assertThat(calls("fake")).containsExactly("get " + REGISTRY);
  }

  @Test
  void credsStoreIsAskedForEachHostAndNotFoundMovesOn() throws IOException {
    helper(
        "store",
        "if [ \"$in\" = "
            + CNAME
            + " ]; then echo '{\"Username\":\"AWS\",\"Secret\":\"cname-secret\"}';"
            + " else echo 'credentials not found in native keychain'; exit 1; fi");
    config("{\"auths\":{\"" + REGISTRY + "\":{}},\"credsStore\":\"store\"}");

    DockerConfig.Found found = find(REGISTRY, CNAME).orElseThrow();
    assertThat(found.host()).isEqualTo(CNAME);
    assertThat(found.credentials().password()).isEqualTo("cname-secret");
    assertThat(calls("store")).containsExactly("get " + REGISTRY, "get " + CNAME);
  }

  @Test
  void aFailingHelperIsReportedWithItsStderrButNeverItsStdout() throws IOException {
    helper("broken", "echo '{\"Secret\":\"leaked-secret\"}'; echo 'keychain locked' >&2; exit 3");
    config("{\"credsStore\":\"broken\"}");

    assertThatThrownBy(() -> find(REGISTRY))
        .isInstanceOf(OptionFailure.class)
        .hasMessageContaining("docker-credential-broken get failed (exit 3): keychain locked")
        .hasMessageNotContaining("leaked-secret");
  }

  @Test
  void aMissingHelperSaysWhichProgramIsNotOnThePath() throws IOException {
    config("{\"credHelpers\":{\"" + REGISTRY + "\":\"absent\"}}");

    assertThatThrownBy(() -> find(REGISTRY))
        .isInstanceOf(OptionFailure.class)
        .hasMessageContaining("docker-credential-absent, which is not on the PATH");
  }

  @Test
  void storeWritesAnAuthsEntryAtomicallyWithMode600KeepingEverythingElse() throws IOException {
    config(
        "{\"auths\":{\"other.example\":{\"auth\":\""
            + b64("u:p")
            + "\"}},\"psFormat\":\"table {{.ID}}\",\"proxies\":{\"default\":{}}}");

    String where =
        DockerConfig.load(env()).store(REGISTRY, new RegistryCredentials("AWS", "tok3n", null));

    Path file = dir.resolve("config.json");
    assertThat(where).isEqualTo(file.toString());
    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    assertThat(json.getAsJsonObject("auths").getAsJsonObject(REGISTRY).get("auth").getAsString())
        .isEqualTo(b64("AWS:tok3n"));
    assertThat(
            json.getAsJsonObject("auths")
                .getAsJsonObject("other.example")
                .get("auth")
                .getAsString())
        .isEqualTo(b64("u:p"));
    assertThat(json.get("psFormat").getAsString()).isEqualTo("table {{.ID}}");
    assertThat(json.has("proxies")).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config.json");
    }
  }

  @Test
  void storeCreatesTheConfigWhenThereIsNone() throws IOException {
    Path fresh = dir.resolve("new/.docker");
    DockerConfig.load(Map.of("DOCKER_CONFIG", fresh.toString()))
        .store(REGISTRY, new RegistryCredentials("AWS", "tok3n", null));

    assertThat(
            DockerConfig.load(Map.of("DOCKER_CONFIG", fresh.toString()))
                .find(List.of(REGISTRY))
                .orElseThrow()
                .credentials()
                .password())
        .isEqualTo("tok3n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
        .isEqualTo("rwx------");
  }

  @Test
  void withACredsStoreLoginStoresThroughTheHelperAsDockerLoginDoes() throws IOException {
    helper("store", "true");
    config("{\"credsStore\":\"store\"}");

    String where =
        DockerConfig.load(env()).store(REGISTRY, new RegistryCredentials("AWS", "tok3n", null));

    assertThat(where).contains("docker-credential-store");
    assertThat(calls("store"))
        .containsExactly(
            "store {\"ServerURL\":\"" + REGISTRY + "\",\"Username\":\"AWS\",\"Secret\":\"tok3n\"}");
    assertThat(Files.readString(dir.resolve("config.json"))).doesNotContain("tok3n");
  }

  // --- issue 21, defect 6: login over an https://host key ---

  @Test
  void aBareHostKeyWinsOverALegacyHttpsKeyForTheSameHostAsInDocker() throws IOException {
    config(
        "{\"auths\":{\"https://"
            + REGISTRY
            + "\":{\"auth\":\""
            + b64("AWS:expired")
            + "\"},\""
            + REGISTRY
            + "\":{\"auth\":\""
            + b64("AWS:fresh")
            + "\"}}}");

    assertThat(find(REGISTRY).orElseThrow().credentials().password()).isEqualTo("fresh");
  }

  @Test
  void loginReplacesEveryEntryForTheHostAndKeepsOtherHosts() throws IOException {
    config(
        "{\"auths\":{\"https://"
            + REGISTRY
            + "\":{\"auth\":\""
            + b64("AWS:expired")
            + "\"},\"https://"
            + REGISTRY
            + "/v1/\":{\"auth\":\""
            + b64("AWS:older")
            + "\"},\"other.example\":{\"auth\":\""
            + b64("u:p")
            + "\"}}}");

    DockerConfig.load(env()).store(REGISTRY, new RegistryCredentials("AWS", "fresh", null));

    JsonObject auths =
        JsonParser.parseString(Files.readString(dir.resolve("config.json")))
            .getAsJsonObject()
            .getAsJsonObject("auths");
    assertThat(auths.keySet()).containsExactlyInAnyOrder(REGISTRY, "other.example");
    assertThat(find(REGISTRY).orElseThrow().credentials().password()).isEqualTo("fresh");
  }

  @Test
  void loginThroughAHelperRemovesInlineEntriesThatWouldShadowIt() throws IOException {
    helper("store", "true");
    config(
        "{\"credsStore\":\"store\",\"auths\":{\"https://"
            + REGISTRY
            + "\":{\"auth\":\""
            + b64("AWS:expired")
            + "\"},\"other.example\":{\"auth\":\""
            + b64("u:p")
            + "\"}}}");

    DockerConfig.load(env()).store(REGISTRY, new RegistryCredentials("AWS", "fresh", null));

    String written = Files.readString(dir.resolve("config.json"));
    assertThat(written).doesNotContain(b64("AWS:expired")).contains(b64("u:p"));
    assertThat(calls("store")).hasSize(1);
  }

  // --- issue 21, defect 9: a symlinked config.json is written through, as docker does ---

  @Test
  void loginWritesThroughASymlinkedConfigAtomicallyInTheTargetsDirectory(@TempDir Path dotfiles)
      throws IOException {
    Path target = Files.createDirectories(dotfiles.resolve("docker")).resolve("config.json");
    Files.writeString(target, "{\"psFormat\":\"table\"}");
    Path middle =
        Files.createSymbolicLink(dotfiles.resolve("current.json"), Path.of("docker/config.json"));
    Path link = Files.createSymbolicLink(dir.resolve("config.json"), middle);

    DockerConfig.load(env()).store(REGISTRY, new RegistryCredentials("AWS", "tok3n", null));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(middle);
    assertThat(Files.readSymbolicLink(middle)).isEqualTo(Path.of("docker/config.json"));
    assertThat(Files.readString(target)).contains(b64("AWS:tok3n")).contains("psFormat");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
    assertThat(find(REGISTRY).orElseThrow().credentials().password()).isEqualTo("tok3n");
    try (var files = Files.list(target.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config.json");
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config.json");
    }
  }

  @Test
  void loginCreatesTheTargetOfADanglingConfigSymlink(@TempDir Path dotfiles) throws IOException {
    Path target = dotfiles.resolve("config.json");
    Path link = Files.createSymbolicLink(dir.resolve("config.json"), target);

    DockerConfig.load(env()).store(REGISTRY, new RegistryCredentials("AWS", "tok3n", null));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(target)).contains(b64("AWS:tok3n"));
  }
}
