package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.RegistryHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

class RoleArnsTest {
  final CommandSpec spec = Main.commandLine(Io.system()).getCommandSpec();

  @Test
  void anArnIsKept() {
    String arn = "arn:aws:iam::210987654321:role/puller";

    assertThat(RoleArns.of(arn, null, spec)).isEqualTo(arn);
  }

  @Test
  void aRoleNameLivesInTheRegistrysAccountAndPartition() {
    assertThat(
            RoleArns.of(
                "puller", RegistryHost.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com"), spec))
        .isEqualTo("arn:aws:iam::123456789012:role/puller");
    assertThat(
            RoleArns.of(
                "puller",
                RegistryHost.parse("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"),
                spec))
        .isEqualTo("arn:aws-cn:iam::123456789012:role/puller");
  }

  @ParameterizedTest
  @CsvSource({
    "123456789012.dkr.ecr.us-east-1.amazonaws.com, aws",
    "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com, aws",
    "123456789012.dkr.ecr.us-east-1.vpce.amazonaws.com, aws",
    "123456789012.dkr-ecr.eu-west-1.on.aws, aws",
    "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn, aws-cn",
    "123456789012.dkr.ecr.cn-north-1.vpce.amazonaws.com.cn, aws-cn",
    "123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn, aws-cn",
    "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com, aws-us-gov",
    "123456789012.dkr.ecr-fips.us-gov-east-1.amazonaws.com, aws-us-gov",
    "123456789012.dkr-ecr.us-gov-west-1.on.aws, aws-us-gov",
    "123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov, aws-iso",
    "123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov, aws-iso-b",
    "123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov, aws-iso-f",
    "123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk, aws-iso-e",
    "123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu, aws-eusc"
  })
  void aRoleNameTakesThePartitionOfEveryEcrHostForm(String host, String partition) {
    assertThat(RoleArns.of("puller", RegistryHost.parse(host), spec))
        .isEqualTo("arn:" + partition + ":iam::123456789012:role/puller");
  }

  @Test
  void aRoleNameWithoutAnEcrRegistryIsAUsageError() {
    assertThatThrownBy(() -> RoleArns.of("puller", null, spec))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--registry");
  }
}
