package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line in-process: parsing, aliases, usage errors. Nothing here reaches a network. */
class CommandLineTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String stdin, String... args) {
    Io io =
        new Io(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return Main.run(args, io);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theOriginalScriptsAliasesSetTheSameOptions() {
    CommandLine cli = Main.commandLine(Io.system());
    CommandLine.ParseResult parsed =
        cli.parseArgs("tags", "--url", "https://cname.example", "--ecr-url", "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "--pname", "dev", "--role-name", "puller", "--role-session", "s1", "app");
    TagsCommand tags = (TagsCommand) parsed.subcommand().commandSpec().userObject();

    assertThat(tags.connection.endpoint).isEqualTo("https://cname.example");
    assertThat(tags.connection.registryHost(tags.spec)).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com");
    assertThat(tags.connection.profile).isEqualTo("dev");
    assertThat(tags.connection.roleArn).isEqualTo("puller");
    assertThat(tags.connection.roleSessionName).isEqualTo("s1");
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
    int code = run("pw\n", "tags", "--endpoint", "https://cname.example", "--password-stdin",
        "--registry", "123456789012.dkr.ecr.us-east-1.amazonaws.com", "quay.io/app");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("quay.io");
  }

  @Test
  void pushRejectsADigestTarget() {
    assertThat(run("pw\n", "push", "--endpoint", "https://cname.example", "--password-stdin", "x.tar",
        "app@sha256:" + "ab".repeat(32))).isEqualTo(2);
    assertThat(err()).contains("push needs a tag");
  }
}
