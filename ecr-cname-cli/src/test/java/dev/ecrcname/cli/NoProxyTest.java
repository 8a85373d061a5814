package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * NO_PROXY matching (issue 21, defect 12): the cases of curl's own NO_PROXY unit test
 * (tests/unit/unit1614.c), then bracketed IPv6 with a port, non-canonical IPv6 and addresses
 * matched as addresses.
 */
class NoProxyTest {

  static boolean bypassed(String host, int port, String noProxy) {
    return ProxyEnvironment.from(
            Map.of("HTTPS_PROXY", "http://proxy.example:3128", "NO_PROXY", noProxy))
        .bypassed(host, port);
  }

  /** curl's cases: host, NO_PROXY, whether the host goes direct. */
  @ParameterizedTest(name = "{0} in \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          www.example.com  | "localhost .example.com .example.de"  | false
          www.example.com  | "localhost,.example.com,.example.de"  | true
          www.example.com. | "localhost,.example.com,.example.de"  | true
          example.com      | "localhost,.example.com,.example.de"  | true
          example.com.     | "localhost,.example.com,.example.de"  | true
          www.example.com  | "localhost,.example.com.,.example.de" | true
          www.example.com  | "localhost,www.example.com.,.example.de" | true
          example.com      | "localhost,example.com,.example.de"   | true
          example.com.     | "localhost,example.com,.example.de"   | true
          nexample.com     | "localhost,example.com,.example.de"   | false
          www.example.com  | "localhost,example.com,.example.de"   | true
          127.0.0.1        | "127.0.0.1,localhost"                 | true
          127.0.0.1        | "127.0.0.1,localhost,"                | true
          127.0.0.1        | "127.0.0.1/8,localhost,"              | true
          127.0.0.1        | "127.0.0.1/28,localhost,"             | true
          127.0.0.1        | "127.0.0.1/31,localhost,"             | true
          127.0.0.1        | "localhost,127.0.0.1"                 | true
          127.0.0.1        | "localhost,127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0." | false
          127.0.0.1        | "localhost,127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0" | false
          localhost        | "localhost,127.0.0.1"                 | true
          localhost        | "127.0.0.1,localhost"                 | true
          foobar           | "barfoo"                              | false
          foobar           | "foobar"                              | true
          192.168.0.1      | "foobar"                              | false
          192.168.0.1      | "192.168.0.0/16"                      | true
          192.168.0.1      | "192.168.0.0/16a"                     | false
          192.168.0.1      | "192.168.0.0/16 "                     | true
          192.168.0.1      | "192.168.0.0/a16"                     | false
          192.168.0.1      | "192.168.0.0/ 16"                     | false
          192.168.0.1      | "192.168.0.0/24"                      | true
          192.168.0.1      | "192.168.0.0/32"                      | false
          192.168.0.1      | "192.168.0.1/32"                      | true
          192.168.0.1      | "192.168.0.1/33"                      | false
          192.168.0.1      | "192.168.0.0"                         | false
          192.168.1.1      | "192.168.0.0/24"                      | false
          192.168.1.1      | "192.168.0.0/33"                      | false
          192.168.1.1      | "foo, bar, 192.168.0.0/24"            | false
          192.168.1.1      | "foo, bar, 192.168.0.0/16"            | true
          ::1              | "foo, bar, 192.168.0.0/16"            | false
          [::1]            | "foo, bar, 192.168.0.0/16"            | false
          ::1              | "foo, bar, ::1/64"                    | true
          [::1]            | "foo, bar, ::1/64"                    | true
          ::1              | "::1/64"                              | true
          ::1              | "::1/96"                              | true
          ::1              | "::1/129"                             | false
          ::1              | "::1/128"                             | true
          ::1              | "::1/127"                             | true
          ::1              | "::1/a127"                            | false
          ::1              | "::1/127a"                            | false
          ::1              | "::1/ 127"                            | false
          ::1              | "::1/127 "                            | true
          ::1              | "::1/122"                             | true
          2001:db8:8000::1 | "2001:db8::/65"                       | false
          2001:db8:8000::1 | "2001:db8::/72"                       | false
          2001:db8::1      | "2001:db8::/65"                       | true
          2001:db8::1      | "2001:db8::/72"                       | true
          bar              | "foo, bar, ::1/64"                    | true
          BAr              | "foo, bar, ::1/64"                    | true
          BAr              | "foo,,,,,              bar, ::1/64"   | true
          www.example.com  | "foo, .example.com"                   | true
          www.example.com  | "www2.example.com, .example.net"      | false
          example.com      | ".example.com, .example.net"          | true
          nonexample.com   | ".example.com, .example.net"          | false
          """)
  void curlsNoProxyCases(String host, String noProxy, boolean direct) {
    assertThat(bypassed(host, 443, noProxy)).isEqualTo(direct);
  }

  /** Beyond curl: ports (as Go reads them), brackets, IPv6 forms, addresses as addresses. */
  @ParameterizedTest(name = "{0}:{1} in \"{2}\" -> {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ::1                 | 8443 | "[::1]:8443"                   | true
          [::1]               | 8443 | "[::1]:8443"                   | true
          ::1                 | 443  | "[::1]:8443"                   | false
          ::1                 | 443  | "[::1]"                        | true
          ::1                 | 443  | "0:0:0:0:0:0:0:1"              | true
          ::1                 | 443  | "[0:0::1]:443"                 | true
          0:0::1              | 443  | "::1"                          | true
          2001:db8::a         | 443  | "2001:DB8:0:0:0:0:0:A"         | true
          2001:db8::a         | 443  | "2001:db8::b"                  | false
          10.0.0.1            | 8443 | "10.0.0.1:8443"                | true
          10.0.0.1            | 443  | "10.0.0.1:8443"                | false
          1.2.3.4             | 443  | "2.3.4"                        | false
          1.2.3.4             | 443  | ".3.4"                         | false
          localhost           | 443  | "127.0.0.1"                    | false
          s3.example          | 8443 | "s3.example:8443"              | true
          s3.example          | 443  | "s3.example:8443"              | false
          registry.example    | 443  | "*.example"                    | true
          anything.example    | 443  | "*"                            | true
          registry.example    | 0    | "registry.example:0"           | true
          registry.example    | 443  | "registry.example:99999"       | false
          registry.example    | 443  | "[registry.example"            | false
          """)
  void addressesPortsAndBrackets(String host, int port, String noProxy, boolean direct) {
    assertThat(bypassed(host, port, noProxy)).isEqualTo(direct);
  }
}
