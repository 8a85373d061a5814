package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.FakeAws;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls through the stand-in's real HTTP proxy (tinyproxy), which resolves the names through
 * /etc/hosts and logs every CONNECT. The stand-in's certificate does not name the CNAME, so a pull
 * that succeeds through the tunnel still sent the registry host in SNI and verified the certificate
 * against it.
 */
class ProxyIT {
  static StandIn standIn;
  @RegisterExtension final FakeAws ecr = new FakeAws();
  @TempDir Path work;
  @TempDir Path cache;

  @BeforeAll
  static void standIn() {
    standIn = StandIn.require().requireProxy();
  }

  /** The stand-in's options without --resolve: through a proxy, the proxy resolves the names. */
  List<String> connection() {
    return List.of(
        "--endpoint",
        standIn.endpoint().toString(),
        "--ca-file",
        standIn.caFile().toString(),
        "--cache-dir",
        cache.toString());
  }

  Command pull(Map<String, String> env, String... extra) {
    return Cli.ecrCname("pull")
        .args(connection())
        .args("--registry", standIn.registryHost())
        .args("--username", standIn.username(), "--password-stdin")
        .args("app/small:1.0", "-o", "small.tar")
        .args(List.of(extra))
        .stdin(standIn.password() + "\n")
        .env(env)
        .in(work);
  }

  String authority(String host) {
    return host + ":" + standIn.port();
  }

  List<String> newConnects(int before) {
    List<String> all = standIn.proxyConnects();
    return all.subList(before, all.size());
  }

  @Test
  void pullThroughTheProxyTunnelsToTheCnameAndTheS3HostOnly() {
    int before = standIn.proxyConnects().size();

    pull(Map.of("HTTPS_PROXY", standIn.proxyUrl())).run().succeeded();

    assertThat(work.resolve("small.tar")).isRegularFile();
    List<String> connects = newConnects(before);
    assertThat(connects).anyMatch(l -> l.contains("CONNECT " + authority(standIn.cname()) + " "));
    assertThat(connects).anyMatch(l -> l.contains("CONNECT " + authority(standIn.s3Host()) + " "));
    assertThat(connects)
        .as("the proxy sees the CNAME, never the registry host the TLS and Host name")
        .noneMatch(l -> l.contains(standIn.registryHost()));
  }

  @Test
  void noProxyCoveringTheNamesKeepsThePullAwayFromTheProxy() {
    int before = standIn.proxyConnects().size();

    pull(Map.of("https_proxy", standIn.proxyUrl(), "no_proxy", "internal.example,.amazonaws.com"))
        .run()
        .succeeded();

    assertThat(work.resolve("small.tar")).isRegularFile();
    assertThat(newConnects(before)).isEmpty();
  }

  /**
   * The AWS call for the token goes through the proxy too: the fake ECR API is plain http, so the
   * proxy forwards it (no CONNECT) and logs its absolute URL.
   */
  @Test
  void theTokenCallToAwsGoesThroughTheProxyToo() {
    ecr.password(standIn.password()).proxyEndpoint("https://" + standIn.registryHost());
    Map<String, String> env = new HashMap<>(FakeAws.awsEnvironment());
    env.put("HTTPS_PROXY", standIn.proxyUrl());
    env.put("HTTP_PROXY", standIn.proxyUrl());
    int before = standIn.proxyRequests().size();

    Cli.ecrCname("pull")
        .args(connection())
        .args("--region", "us-east-1", "--ecr-endpoint-url", ecr.endpoint().toString())
        .args("app/small:1.0", "-o", "small.tar")
        .env(env)
        .in(work)
        .run()
        .succeeded();

    List<String> requests = standIn.proxyRequests();
    assertThat(requests.subList(before, requests.size()))
        .anyMatch(l -> l.contains("POST " + ecr.endpoint()))
        .anyMatch(l -> l.contains("CONNECT " + authority(standIn.cname()) + " "));
    assertThat(ecr.ecrRequests()).isEqualTo(1);
  }

  @Test
  void proxyCredentialsInTheUrlNeverReachTheOutput() {
    String url = standIn.proxyUrl().replace("http://", "http://alice:pr0xy-s3cret@");

    Command.Result result = pull(Map.of("HTTPS_PROXY", url), "-v").run().succeeded();

    assertThat(result.stderr()).contains("alice:****@").doesNotContain("pr0xy-s3cret");
  }
}
