package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.RegistryCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzing of docker's {@code config.json} (issue 21): any file gives credentials, none, or an
 * {@link OptionFailure} whose message never holds an {@code auth} or {@code password} value. A
 * login into a config without a helper and without an entry for the host reads back what it stored.
 * Credential helpers are looked up on an empty {@code PATH}, so none runs. Seeds in {@code
 * DockerConfigFuzzTestInputs/}.
 */
class DockerConfigFuzzTest {
  private static final String HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  private static final Path DIR = temporaryDirectory("docker-config-fuzz");
  private static final Path EMPTY_PATH = temporaryDirectory("empty-path");
  private static final Map<String, String> ENV =
      Map.of(
          "DOCKER_CONFIG", DIR.toString(), "PATH", EMPTY_PATH.toString(), "HOME", DIR.toString());

  @FuzzTest
  void aConfigGivesCredentialsOrAFailureWithoutSecrets(byte[] input) throws IOException {
    Path file = DIR.resolve("config.json");
    Files.write(file, input);
    try {
      DockerConfig config = DockerConfig.load(ENV);
      Optional<DockerConfig.Found> found = config.find(List.of(HOST, "localhost:5000"));
      found.ifPresent(f -> assertThat(f.credentials().username()).isNotNull());
      if (config.helperFor(HOST) == null && !hasEntryFor(input, HOST)) {
        RegistryCredentials stored = new RegistryCredentials("AWS", "fuzz-login-secret", null);
        config.store(HOST, stored);
        Optional<DockerConfig.Found> again = DockerConfig.load(ENV).find(List.of(HOST));
        assertThat(again).as("login then lookup").isPresent();
        assertThat(again.get().credentials().password()).isEqualTo(stored.password());
      }
    } catch (OptionFailure failure) {
      for (String secret : secrets(input)) {
        assertThat(failure.getMessage()).doesNotContain(secret);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @AfterAll
  static void deleteDirectories() throws IOException {
    try (var left = Files.list(DIR)) {
      for (Path f : left.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(DIR);
    Files.delete(EMPTY_PATH);
  }

  /** Whether the file has an {@code auths} key naming {@code host} (login's own case, item 6). */
  private static boolean hasEntryFor(byte[] input, String host) {
    JsonObject auths = object(object(parse(input)), "auths");
    return auths != null
        && auths.keySet().stream().anyMatch(k -> DockerConfig.hostOf(k).equals(host));
  }

  /** The {@code auth} and {@code password} values of six characters or more in the file. */
  private static List<String> secrets(byte[] input) {
    List<String> secrets = new ArrayList<>();
    JsonObject auths = object(object(parse(input)), "auths");
    if (auths == null) {
      return secrets;
    }
    for (String key : auths.keySet()) {
      JsonObject entry = object(auths, key);
      for (String field : new String[] {"auth", "password"}) {
        JsonElement value = entry == null ? null : entry.get(field);
        if (value != null && value.isJsonPrimitive() && value.getAsString().length() >= 6) {
          secrets.add(value.getAsString());
        }
      }
    }
    return secrets;
  }

  private static JsonElement parse(byte[] input) {
    try {
      return JsonParser.parseString(new String(input, StandardCharsets.UTF_8));
    } catch (JsonParseException | StackOverflowError e) {
      return null;
    }
  }

  private static JsonObject object(JsonElement element) {
    return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
  }

  private static JsonObject object(JsonObject parent, String key) {
    return parent == null ? null : object(parent.get(key));
  }

  private static Path temporaryDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
