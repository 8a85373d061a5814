package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.testing.Command;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * The node configurations docs/mirror.md shows, checked as far as this machine allows (the engine
 * configurations are run by serve's MirrorEnginesIT): the systemd unit the tarball ships is the
 * docs' one and passes {@code systemd-analyze verify}; the DaemonSet sketch is an apps/v1 DaemonSet
 * on the host network whose probes reach the mirror; the command lines of both are valid {@code
 * ecr-cname serve} invocations; and containerd reads the {@code config_path} key the docs give for
 * its 1.6/1.7 config.
 */
class MirrorConfigsIT {
  @TempDir Path unpacked;
  @TempDir Path dir;

  /**
   * The fenced block of docs/mirror.md whose first line is {@code firstLine}, that line included.
   */
  static String docBlock(String firstLine) throws IOException {
    Path doc = null;
    for (Path p = Path.of("").toAbsolutePath(); p != null && doc == null; p = p.getParent()) {
      if (Files.exists(p.resolve("docs/mirror.md"))) {
        doc = p.resolve("docs/mirror.md");
      }
    }
    assertThat(doc).as("docs/mirror.md above the working directory").isNotNull();
    String text = Files.readString(doc);
    int start = text.indexOf("\n" + firstLine + "\n");
    assertThat(start).as("a block of docs/mirror.md starting with %s", firstLine).isNotNegative();
    return text.substring(start + 1, text.indexOf("\n```", start) + 1);
  }

  static String unit() throws IOException {
    return docBlock("# /etc/systemd/system/ecr-cname-serve.service");
  }

  static String daemonSet() throws IOException {
    return docBlock("# DaemonSet: one mirror per node");
  }

  Path unpack() throws IOException {
    Command.of(
            "tar", "-xzf", DistributionIT.archive(".tar.gz").toString(), "-C", unpacked.toString())
        .run()
        .succeeded();
    try (var top = Files.list(unpacked)) {
      return top.findFirst().orElseThrow();
    }
  }

  @Test
  void theTarballShipsTheSystemdUnitTheDocsShow() throws IOException {
    Path shipped = unpack().resolve("systemd/ecr-cname-serve.service");

    assertThat(shipped).content(StandardCharsets.UTF_8).isEqualTo(unit());
  }

  @Test
  void theSystemdUnitPassesSystemdAnalyzeVerify() throws IOException {
    Path home = unpack();
    // The unit as installed, with its ExecStart pointing at the unpacked launcher: verify checks
    // that the program exists.
    Path installed =
        Files.writeString(
            dir.resolve("ecr-cname-serve.service"),
            unit().replace("/opt/ecr-cname/", home.toAbsolutePath() + "/"));

    Command.Result result = Command.of("systemd-analyze", "verify", installed.toString()).run();

    assertThat(result.exitCode()).as("systemd-analyze verify: %s", result.stderr()).isZero();
    assertThat(result.stderr().lines().filter(l -> l.contains("ecr-cname-serve.service")))
        .as("what systemd-analyze says about the unit")
        .isEmpty();
  }

  /** The DaemonSet sketch as JSON, by yq (YAML in, jq's JSON out). */
  JsonObject daemonSetJson() throws IOException {
    Path yaml = Files.writeString(dir.resolve("daemonset.yaml"), daemonSet());
    String json = Command.of("yq", ".", yaml.toString()).run().succeeded().stdout();
    return JsonParser.parseString(json).getAsJsonObject();
  }

  @Test
  void theDaemonSetSketchRunsTheMirrorOnTheHostNetworkAndProbesIt() throws IOException {
    JsonObject ds = daemonSetJson();
    JsonObject pod = ds.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec");
    JsonObject container = pod.getAsJsonArray("containers").get(0).getAsJsonObject();

    assertThat(ds.get("apiVersion").getAsString()).isEqualTo("apps/v1");
    assertThat(ds.get("kind").getAsString()).isEqualTo("DaemonSet");
    assertThat(ds.getAsJsonObject("spec").getAsJsonObject("selector").toString())
        .isEqualTo(
            "{\"matchLabels\":"
                + ds.getAsJsonObject("spec")
                    .getAsJsonObject("template")
                    .getAsJsonObject("metadata")
                    .getAsJsonObject("labels")
                + "}");
    assertThat(pod.get("hostNetwork").getAsBoolean()).isTrue();
    for (String probe : List.of("readinessProbe", "livenessProbe")) {
      JsonObject get = container.getAsJsonObject(probe).getAsJsonObject("httpGet");
      assertThat(get.get("host").getAsString()).isEqualTo("127.0.0.1");
      assertThat(get.get("port").getAsInt()).isEqualTo(5000);
    }
    assertThat(args(container)).containsSubsequence("--listen", "127.0.0.1:5000");
  }

  static List<String> args(JsonObject container) {
    List<String> args = new ArrayList<>();
    JsonArray array = container.getAsJsonArray("args");
    array.forEach(a -> args.add(a.getAsString()));
    return args;
  }

  /** Parses a command line as the jar would, without running it. */
  static ParseResult parse(List<String> args) {
    Io io =
        new Io(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return Main.commandLine(io).parseArgs(args.toArray(String[]::new));
  }

  @Test
  void theUnitsAndTheDaemonSetsCommandLinesAreValidServeInvocations() throws IOException {
    String execStart =
        unit().lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    List<String> unitArgs = Arrays.asList(execStart.substring("ExecStart=".length()).split(" "));
    assertThat(unitArgs.get(0)).isEqualTo("/opt/ecr-cname/bin/ecr-cname");
    JsonObject container =
        daemonSetJson()
            .getAsJsonObject("spec")
            .getAsJsonObject("template")
            .getAsJsonObject("spec")
            .getAsJsonArray("containers")
            .get(0)
            .getAsJsonObject();

    for (List<String> args : List.of(unitArgs.subList(1, unitArgs.size()), args(container))) {
      ParseResult serve = parse(args).subcommand();
      assertThat(serve.commandSpec().name()).isEqualTo("serve");
      assertThat(serve.matchedOptionValue("--listen", "")).isEqualTo("127.0.0.1:5000");
      assertThat(serve.matchedOptionValue("--region", "")).isEqualTo("us-east-1");
    }
  }

  @Test
  void containerdReadsTheConfigPathKeyOfItsOneSixAndOneSevenConfig() throws IOException {
    String snippet = docBlock("# containerd 1.6 and 1.7 (config version 2)");
    String v2 = snippet.substring(0, snippet.indexOf("\n# containerd 2.x"));
    Path config = Files.writeString(dir.resolve("config.toml"), "version = 2\n" + v2);

    String dump =
        Command.of("containerd", "--config", config.toString(), "config", "dump")
            .run()
            .succeeded()
            .stdout();

    String cri = dump.substring(dump.indexOf("[plugins.\"io.containerd.grpc.v1.cri\".registry]"));
    assertThat(cri.lines().skip(1).takeWhile(l -> !l.strip().startsWith("[")).map(String::strip))
        .contains("config_path = \"/etc/containerd/certs.d\"");
  }
}
