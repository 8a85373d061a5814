package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.EcrHosts.EcrHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcrHostsTest {

  @Test
  void standardHostYieldsAccountAndRegion() {
    assertThat(EcrHosts.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com"))
        .contains(
            new EcrHost(
                "123456789012.dkr.ecr.us-east-1.amazonaws.com",
                "123456789012",
                "us-east-1",
                false,
                false,
                false));
  }

  @Test
  void chinaHostIsRecognised() {
    assertThat(EcrHosts.parse("210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn"))
        .hasValueSatisfying(
            h -> {
              assertThat(h.accountId()).isEqualTo("210987654321");
              assertThat(h.region()).isEqualTo("cn-north-1");
            });
  }

  @Test
  void fipsHostIsFlaggedFips() {
    assertThat(EcrHosts.parse("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com"))
        .hasValueSatisfying(
            h -> {
              assertThat(h.fips()).isTrue();
              assertThat(h.region()).isEqualTo("us-gov-west-1");
              assertThat(h.dualStack()).isFalse();
            });
  }

  @Test
  void dualStackHostIsFlaggedDualStack() {
    assertThat(EcrHosts.parse("123456789012.dkr-ecr.eu-west-1.on.aws"))
        .hasValueSatisfying(
            h -> {
              assertThat(h.dualStack()).isTrue();
              assertThat(h.fips()).isFalse();
              assertThat(h.region()).isEqualTo("eu-west-1");
            });
  }

  @Test
  void fipsDualStackHostIsFlaggedBoth() {
    assertThat(EcrHosts.parse("123456789012.dkr-ecr-fips.us-east-2.on.aws"))
        .hasValueSatisfying(h -> assertThat(h.fips() && h.dualStack()).isTrue());
  }

  @Test
  void vpcEndpointHostIsFlaggedVpcEndpoint() {
    assertThat(EcrHosts.parse("123456789012.dkr.ecr.us-east-1.vpce.amazonaws.com"))
        .hasValueSatisfying(
            h -> {
              assertThat(h.vpcEndpoint()).isTrue();
              assertThat(h.region()).isEqualTo("us-east-1");
              assertThat(h.accountId()).isEqualTo("123456789012");
            });
  }

  @Test
  void caseAndTrailingDotAreNormalised() {
    assertThat(EcrHosts.parse("123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM."))
        .map(EcrHost::host)
        .contains("123456789012.dkr.ecr.us-east-1.amazonaws.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu",
        "123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov",
        "123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov",
        "123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk",
        "123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov",
        "123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn"
      })
  void otherPartitionsAreRecognised(String host) {
    assertThat(EcrHosts.isEcrHost(host)).isTrue();
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
        "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example",
        "evil.123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com:443",
        "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com",
        ""
      })
  void otherHostsAreNotEcr(String host) {
    assertThat(EcrHosts.parse(host)).isEmpty();
  }
}
