package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.ProxyCredentials;
import dev.ecrcname.testing.RegistryPaths;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTPS_PROXY, HTTP_PROXY and NO_PROXY as curl and docker read them. */
class ProxyEnvironmentTest {

  static Proxy proxyFor(Map<String, String> env, String url) {
    return ProxyEnvironment.from(env).selector().select(URI.create(url)).get(0);
  }

  static InetSocketAddress address(Proxy proxy) {
    return (InetSocketAddress) proxy.address();
  }

  @Test
  void httpsUrlsTakeHttpsProxyAndHttpUrlsHttpProxy() {
    Map<String, String> env =
        Map.of("HTTPS_PROXY", "http://secure.example:3128", "http_proxy", "plain.example:8080");

    Proxy https = proxyFor(env, "https://docker-ecr.internal.example" + RegistryPaths.base());
    assertThat(https.type()).isEqualTo(Proxy.Type.HTTP);
    assertThat(address(https).getHostString()).isEqualTo("secure.example");
    assertThat(address(https).getPort()).isEqualTo(3128);
    Proxy http = proxyFor(env, "http://api.ecr.us-east-1.amazonaws.com/");
    assertThat(address(http).getHostString()).isEqualTo("plain.example");
    assertThat(address(http).getPort()).isEqualTo(8080);
  }

  @Test
  void upperCaseWinsOverLowerCaseAsInDocker() {
    Map<String, String> env =
        Map.of("HTTPS_PROXY", "http://upper.example:1", "https_proxy", "http://lower.example:2");
    assertThat(address(proxyFor(env, "https://x.example/")).getHostString())
        .isEqualTo("upper.example");
    assertThat(
            address(proxyFor(Map.of("https_proxy", "http://lower.example:2"), "https://x/"))
                .getHostString())
        .isEqualTo("lower.example");
  }

  @Test
  void noProxyIsDirectForNoProxySettingAtAll() {
    assertThat(ProxyEnvironment.from(Map.of()).isSet()).isFalse();
    assertThat(proxyFor(Map.of(), "https://x.example/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(proxyFor(Map.of("HTTP_PROXY", "http://p:1"), "https://x.example/"))
        .as("an http proxy does not serve https URLs")
        .isEqualTo(Proxy.NO_PROXY);
  }

  @Test
  void noProxyMatchesNamesTheirSubdomainsIpsCidrsPortsAndStar() {
    ProxyEnvironment env =
        ProxyEnvironment.from(
            Map.of(
                "HTTPS_PROXY",
                "http://p:1",
                "no_proxy",
                " internal.example, .amazonaws.com,10.0.0.0/8 ,192.168.1.7,s3.example:8443"));

    assertThat(env.bypassed("internal.example", 443)).isTrue();
    assertThat(env.bypassed("docker-ecr.internal.example", 443)).isTrue();
    assertThat(env.bypassed("notinternal.example", 443)).isFalse();
    assertThat(env.bypassed("123456789012.dkr.ecr.us-east-1.amazonaws.com", 443)).isTrue();
    assertThat(env.bypassed("10.1.2.3", 443)).isTrue();
    assertThat(env.bypassed("11.1.2.3", 443)).isFalse();
    assertThat(env.bypassed("192.168.1.7", 443)).isTrue();
    assertThat(env.bypassed("s3.example", 8443)).isTrue();
    assertThat(env.bypassed("s3.example", 443)).isFalse();
    assertThat(
            ProxyEnvironment.from(Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "*")).bypassed("a", 1))
        .isTrue();
    assertThat(proxyFor(Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "x.example"), "https://x.example"))
        .isEqualTo(Proxy.NO_PROXY);
  }

  @Test
  void credentialsComeFromTheUrlDecodedAndAreRedactedInEveryText() {
    ProxyEnvironment env =
        ProxyEnvironment.from(
            Map.of("HTTPS_PROXY", "http://alice:p%40ss%3Aw0rd@proxy.example:3128"));

    assertThat(env.credentials()).contains(new ProxyCredentials("alice", "p@ss:w0rd"));
    assertThat(env.toString())
        .contains("http://alice:****@proxy.example:3128")
        .doesNotContain("p@ss")
        .doesNotContain("p%40ss");
    assertThat(env.credentials().orElseThrow().toString()).doesNotContain("p@ss");
  }

  @Test
  void anInvalidProxyUrlNamesTheVariableButNotItsValue() {
    assertThatThrownBy(
            () -> ProxyEnvironment.from(Map.of("HTTPS_PROXY", "socks5://bob:hunter2@proxy:1080")))
        .isInstanceOf(OptionFailure.class)
        .hasMessageContaining("HTTPS_PROXY")
        .hasMessageContaining("only http://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> ProxyEnvironment.from(Map.of("http_proxy", "http://bob:hunter2@")))
        .isInstanceOf(OptionFailure.class)
        .hasMessageContaining("http_proxy")
        .hasMessageNotContaining("hunter2");
  }
}
