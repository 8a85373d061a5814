package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one parser of registry hosts, and the ECR host forms it recognises. */
class RegistryHostTest {

  @Test
  void standardHostYieldsAccountRegionAndPartition() {
    assertThat(RegistryHost.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com").ecr())
        .contains(new RegistryHost.Ecr("123456789012", "us-east-1", "aws", false, false, false));
  }

  @Test
  void chinaHostIsRecognised() {
    assertThat(RegistryHost.parse("210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn").ecr())
        .hasValueSatisfying(
            h -> {
              assertThat(h.accountId()).isEqualTo("210987654321");
              assertThat(h.region()).isEqualTo("cn-north-1");
              assertThat(h.partition()).isEqualTo("aws-cn");
            });
  }

  @Test
  void fipsHostIsFlaggedFips() {
    assertThat(RegistryHost.parse("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com").ecr())
        .hasValueSatisfying(
            h -> {
              assertThat(h.fips()).isTrue();
              assertThat(h.region()).isEqualTo("us-gov-west-1");
              assertThat(h.dualStack()).isFalse();
            });
  }

  @Test
  void dualStackHostIsFlaggedDualStack() {
    assertThat(RegistryHost.parse("123456789012.dkr-ecr.eu-west-1.on.aws").ecr())
        .hasValueSatisfying(
            h -> {
              assertThat(h.dualStack()).isTrue();
              assertThat(h.fips()).isFalse();
              assertThat(h.region()).isEqualTo("eu-west-1");
            });
  }

  @Test
  void fipsDualStackHostIsFlaggedBoth() {
    assertThat(RegistryHost.parse("123456789012.dkr-ecr-fips.us-east-2.on.aws").ecr())
        .hasValueSatisfying(h -> assertThat(h.fips() && h.dualStack()).isTrue());
  }

  @Test
  void vpcEndpointHostIsFlaggedVpcEndpoint() {
    assertThat(RegistryHost.parse("123456789012.dkr.ecr.us-east-1.vpce.amazonaws.com").ecr())
        .hasValueSatisfying(
            h -> {
              assertThat(h.vpcEndpoint()).isTrue();
              assertThat(h.region()).isEqualTo("us-east-1");
              assertThat(h.accountId()).isEqualTo("123456789012");
            });
  }

  @Test
  void caseAndTrailingDotAreNormalised() {
    assertThat(RegistryHost.parse("123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM."))
        .isEqualTo(new RegistryHost("123456789012.dkr.ecr.us-east-1.amazonaws.com", -1));
  }

  @ParameterizedTest
  @CsvSource({
    "123456789012.dkr.ecr.us-east-1.amazonaws.com, aws",
    "123456789012.dkr-ecr.eu-west-1.on.aws, aws",
    "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn, aws-cn",
    "123456789012.dkr.ecr.cn-north-1.vpce.amazonaws.com.cn, aws-cn",
    "123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn, aws-cn",
    "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com, aws-us-gov",
    "123456789012.dkr-ecr.us-gov-west-1.on.aws, aws-us-gov",
    "123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov, aws-iso",
    "123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov, aws-iso-b",
    "123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov, aws-iso-f",
    "123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk, aws-iso-e",
    "123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu, aws-eusc"
  })
  void everyPartitionIsRecognisedWithItsId(String host, String partition) {
    assertThat(RegistryHost.parse(host).ecr()).map(RegistryHost.Ecr::partition).contains(partition);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "docker-ecr.internal.example",
        "public.ecr.aws",
        "api.ecr.us-east-1.amazonaws.com",
        "12345678901.dkr.ecr.us-east-1.amazonaws.com",
        "1234567890123.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.vpce.amazonaws.com",
        "123456789012.dkr.ecr.us-east-1.vpce.amazonaws.eu",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example",
        "evil.123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com:443",
        "prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com"
      })
  void otherHostsAreNotEcr(String host) {
    assertThat(RegistryHost.parse(host).isEcr()).isFalse();
  }

  @Test
  void aPortIsKeptAndShown() {
    RegistryHost host = RegistryHost.parse("localhost:5000");
    assertThat(host.name()).isEqualTo("localhost");
    assertThat(host.port()).isEqualTo(5000);
    assertThat(host).hasToString("localhost:5000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "https://registry.example",
        "registry.example/app",
        "registry.example:0",
        "registry.example:99999",
        "-registry.example",
        "registry example",
        "user@registry.example"
      })
  void malformedHostsAreRefusedWithAnExample(String text) {
    assertThatThrownBy(() -> RegistryHost.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v1/",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com"
      })
  void urlFormsAsDockerConfigKeysWriteThemGiveTheHost(String text) {
    assertThat(RegistryHost.parseUrlOrHost(text))
        .isEqualTo(RegistryHost.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com"));
  }

  @Test
  void anEndpointUrlGivesItsHostAndPort() {
    assertThat(RegistryHost.of(URI.create("https://docker-ecr.internal.example:8443")))
        .hasToString("docker-ecr.internal.example:8443");
    assertThat(RegistryHost.of(URI.create("https://Docker-ECR.internal.example")))
        .hasToString("docker-ecr.internal.example");
  }

  @Test
  void aMissingPortMeansTheDefaultWhenComparing() {
    RegistryHost bare = RegistryHost.parse("registry.example");
    assertThat(bare.sameAs(RegistryHost.parse("registry.example:443"), 443)).isTrue();
    assertThat(bare.sameAs(RegistryHost.parse("registry.example:8443"), 443)).isFalse();
  }
}
