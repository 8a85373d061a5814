package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line in-process: parsing, aliases, usage errors. Nothing here reaches a network. */
class CommandLineTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String stdin, String... args) {
    return Main.run(args, io(stdin, Map.of()));
  }

  /** {@code tags} with an endpoint, a registry and a password on stdin, then {@code args}. */
  int tags(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "tags",
                "--endpoint",
                "https://cname.example",
                "--password-stdin",
                "--registry",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com"));
    all.addAll(List.of(args));
    return run("pw\n", all.toArray(String[]::new));
  }

  Io io(String stdin, Map<String, String> env) {
    return new Io(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Parses a tags command line with the given environment and returns its connection options. */
  ConnectionOptions connection(Map<String, String> env, String... options) {
    List<String> args = new ArrayList<>(List.of("tags"));
    args.addAll(List.of(options));
    args.add("app");
    CommandLine.ParseResult parsed =
        Main.commandLine(io("", env)).parseArgs(args.toArray(String[]::new));
    return ((TagsCommand) parsed.subcommand().commandSpec().userObject()).connection;
  }

  /**
   * Each of the original script's aliases, given with {@code env} set, sets its option: {@code
   * endpoint} and {@code registry} as given, and fixed values for the rest.
   */
  void assertAliasesSet(Map<String, String> env, String endpoint, String registry) {
    ConnectionOptions c =
        connection(
            env,
            "--url",
            endpoint,
            "--ecr-url",
            registry,
            "--pname",
            "dev",
            "--role-name",
            "puller",
            "--role-session",
            "s1");

    assertThat(c.endpoint).isEqualTo(endpoint);
    assertThat(c.registry).isEqualTo(registry);
    assertThat(c.profile).isEqualTo("dev");
    assertThat(c.roleArn).isEqualTo("puller");
    assertThat(c.roleSessionName).isEqualTo("s1");
  }

  @Test
  void theOriginalScriptsAliasesSetTheSameOptions() {
    assertAliasesSet(
        Map.of(), "https://cname.example", "https://123456789012.dkr.ecr.us-east-1.amazonaws.com");
    assertThat(connection(Map.of(), "--registry-url", "https://other.example").endpoint)
        .isEqualTo("https://other.example");
  }

  @Test
  void aliasesOnTheCommandLineBeatTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "ECR_CNAME_ENDPOINT", "https://from-env.invalid",
            "ECR_CNAME_REGISTRY", "999999999999.dkr.ecr.us-east-1.amazonaws.com",
            "ECR_CNAME_PROFILE", "env-profile",
            "ECR_CNAME_ROLE_ARN", "env-role",
            "ECR_CNAME_ROLE_SESSION_NAME", "env-session");

    assertAliasesSet(
        env, "https://from-alias.invalid", "123456789012.dkr.ecr.us-east-1.amazonaws.com");
    assertThat(connection(env, "--registry-url", "https://from-alias.invalid").endpoint)
        .isEqualTo("https://from-alias.invalid");
  }

  @Test
  void theEnvironmentFillsInWhatTheCommandLineLeavesOut() {
    Map<String, String> env =
        Map.of(
            "ECR_CNAME_ENDPOINT", "https://from-env.invalid",
            "ECR_CNAME_CACHE_DIR", "/tmp/from-env",
            "ECR_CNAME_RESOLVE", "a.example:127.0.0.1,b.example:127.0.0.2",
            "ECR_CNAME_REGION", " ");

    ConnectionOptions c = connection(env, "--endpoint", "https://given.invalid");

    assertThat(c.endpoint).isEqualTo("https://given.invalid");
    assertThat(c.cacheDir).isEqualTo(Path.of("/tmp/from-env"));
    assertThat(c.resolve).containsExactly("a.example:127.0.0.1", "b.example:127.0.0.2");
    assertThat(c.region).as("a blank variable is no value").isNull();
    assertThat(connection(env).endpoint).isEqualTo("https://from-env.invalid");
  }

  @Test
  void theLastOfAnOptionAndItsAliasWins() {
    assertThat(
            connection(
                    Map.of(),
                    "--url",
                    "https://first.invalid",
                    "--endpoint",
                    "https://last.invalid")
                .endpoint)
        .isEqualTo("https://last.invalid");
    assertThat(
            connection(
                    Map.of(),
                    "--endpoint",
                    "https://first.invalid",
                    "--url",
                    "https://last.invalid")
                .endpoint)
        .isEqualTo("https://last.invalid");
  }

  @Test
  void helpListsEachOptionUnderItsFirstNameOnly() {
    assertThat(run("", "tags", "--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);

    assertThat(help)
        .contains(
            "--endpoint=URL",
            "--registry=HOST",
            "--profile=NAME",
            "--role-arn=ARN",
            "--role-session-name=NAME",
            "-q, --quiet",
            "-h, --help");
    // The names column is indented by at most 6; the descriptions, which do name the aliases, by
    // more.
    for (String alias :
        List.of(
            "--url", "--registry-url", "--ecr-url", "--pname", "--role-name", "--role-session")) {
      assertThat(help)
          .as("help lists %s as an option", alias)
          .doesNotContainPattern("(?m)^ {0,6}\\S*" + alias + "(?![\\w-])");
    }
  }

  @Test
  void theTopLevelHelpListsEveryExitStatusWithItsMeaning() {
    assertThat(run("", "--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);

    assertThat(help).contains("Exit status:");
    for (ExitStatus status : ExitStatus.values()) {
      assertThat(help).containsPattern("(?m)^\\s+" + status.code + "\\s+\\S");
    }
  }

  @Test
  void everyVariableTheHelpNamesIsRead() {
    CommandLine tags = Main.commandLine(io("", Map.of())).getSubcommands().get("tags");
    for (CommandLine.Model.OptionSpec option : tags.getCommandSpec().options()) {
      String description = String.join(" ", option.description());
      Matcher named = Pattern.compile("Env: (ECR_CNAME_[A-Z_]+)").matcher(description);
      String read = ConnectionOptions.ENVIRONMENT.get(option.names()[0]);
      assertThat(read)
          .as("variable of %s", option.longestName())
          .isEqualTo(named.find() ? named.group(1) : null);
    }
  }

  /**
   * {@code tags --ca-file caFile} exits 7 (this machine's setup) with one hint, naming --ca-file.
   */
  void assertTagsFailWithCaFileHint(Path caFile) {
    assertThat(tags("--ca-file", caFile.toString(), "app")).isEqualTo(7);
    assertThat(err().lines().filter(l -> l.startsWith("hint: ")))
        .singleElement()
        .asString()
        .contains("--ca-file");
  }

  @Test
  void aMissingCaFileExitsSevenWithAHintNamingTheOption(@TempDir Path dir) {
    Path missing = dir.resolve("missing.pem");

    assertTagsFailWithCaFileHint(missing);
    assertThat(err()).contains("ecr-cname: error: cannot read CA file " + missing);
  }

  @Test
  void aCaFileWithoutCertificatesExitsSevenWithAHintNamingTheOption(@TempDir Path dir)
      throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");

    assertTagsFailWithCaFileHint(notPem);
    assertThat(err().lines().filter(l -> l.startsWith("ecr-cname: error: ")))
        .singleElement()
        .asString()
        .contains(notPem.toString());
  }

  @Test
  void usernameWithoutPasswordStdinIsAUsageError() {
    int code = run("", "token", "--username", "AWS");

    assertThat(code).isEqualTo(2);
    assertThat(err()).startsWith("ecr-cname: error: --username needs --password-stdin");
  }

  @Test
  void emptyStdinIsAUsageError() {
    assertThat(run("\n", "token", "--password-stdin")).isEqualTo(2);
    assertThat(err()).contains("read no password");
  }

  @Test
  void tokenPrintsOnlyThePasswordOnStdout() {
    assertThat(run("s3cret\r\n", "token", "--password-stdin")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("s3cret");
  }

  @Test
  void invalidPlatformIsAUsageError() {
    assertThat(run("", "pull", "--platform", "linux", "app:1")).isEqualTo(2);
    assertThat(err()).contains("OS/ARCH");
  }

  @Test
  void aForeignHostInTheReferenceIsAUsageError() {
    int code = tags("quay.io/app");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("quay.io");
  }

  @Test
  void pushRejectsADigestTarget() {
    assertThat(
            run(
                "pw\n",
                "push",
                "--endpoint",
                "https://cname.example",
                "--password-stdin",
                "x.tar",
                "app@sha256:" + "ab".repeat(32)))
        .isEqualTo(2);
    assertThat(err()).contains("push needs a tag");
  }

  @Test
  void pullRefusesAPlatformWithAllPlatformsAndAnUnknownFormatBeforeConnecting() {
    String[] endpoint = {"--endpoint", "https://cname.example", "--registry", "r.example"};
    List<String> both =
        new ArrayList<>(List.of("pull", "--all-platforms", "--platform", "linux/arm64"));
    both.addAll(List.of(endpoint));
    both.add("app:1");
    assertThat(run("", both.toArray(String[]::new))).isEqualTo(2);
    assertThat(err()).contains("--all-platforms takes every platform");

    err.reset();
    assertThat(run("", "pull", "--format", "zip", "app:1")).isEqualTo(2);
    assertThat(err()).contains("use docker, oci or oci-dir");
  }

  @Test
  void pullWritesAnOciDirectoryOnlyIntoANewOrEmptyOne(@TempDir Path work) throws Exception {
    Path full = Files.createDirectory(work.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");
    int code =
        run(
            "",
            "pull",
            "--endpoint",
            "https://cname.example",
            "--registry",
            "r.example",
            "--format",
            "oci-dir",
            "-o",
            full.toString(),
            "app:1");
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("not an empty directory");
    assertThat(full.toFile().list()).containsExactly("keep.txt");
  }
}
