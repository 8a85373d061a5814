package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Fuzzing of the {@code NO_PROXY} rules (issue 21). The input's lines are the rules, a host and a
 * port. Any rules are read without an error; matching a host never throws; {@code *} bypasses every
 * host; a host named exactly, or under a {@code .domain} rule, is bypassed; the match does not
 * depend on case; and a rule added never takes a bypass away. Seeds in {@code
 * NoProxyFuzzTestInputs/}.
 */
class NoProxyFuzzTest {
  private static final String PROXY = "http://proxy.example:3128";

  @FuzzTest
  void noProxyRulesMatchAsTheyPromise(byte[] input) {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 3);
    String rules = lines[0];
    String host = lines.length > 1 ? lines[1] : "registry.example";
    int port = lines.length > 2 ? portOf(lines[2]) : 443;

    boolean bypassed = environment(rules).bypassed(host, port);

    assertThat(environment(rules).bypassed(host.toUpperCase(Locale.ROOT), port))
        .as("case does not matter")
        .isEqualTo(bypassed);
    assertThat(environment("*").bypassed(host, port)).isTrue();
    assertThat(environment(rules + ",*").bypassed(host, port)).isTrue();
    if (bypassed) {
      assertThat(environment(rules + ",other.example").bypassed(host, port))
          .as("a rule added keeps the bypass")
          .isTrue();
      assertThat(environment("other.example," + rules).bypassed(host, port)).isTrue();
    }
    if (host.matches("[a-z0-9]([a-z0-9.-]{0,60}[a-z0-9])?") && !host.contains("..")) {
      assertThat(environment(rules + "," + host).bypassed(host, port)).isTrue();
      assertThat(environment("." + host).bypassed("sub." + host, port)).isTrue();
      assertThat(environment(host + ":" + port).bypassed(host, port)).isTrue();
    }
  }

  private static ProxyEnvironment environment(String noProxy) {
    return ProxyEnvironment.from(Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", noProxy));
  }

  private static int portOf(String text) {
    try {
      return Math.floorMod(Integer.parseInt(text.strip()), 65536);
    } catch (NumberFormatException e) {
      return 443;
    }
  }
}
