package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
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
    assertThat(RoleArns.of("puller", "123456789012.dkr.ecr.us-east-1.amazonaws.com", spec))
        .isEqualTo("arn:aws:iam::123456789012:role/puller");
    assertThat(RoleArns.of("puller", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", spec))
        .isEqualTo("arn:aws-cn:iam::123456789012:role/puller");
  }

  @Test
  void aRoleNameWithoutAnEcrRegistryIsAUsageError() {
    assertThatThrownBy(() -> RoleArns.of("puller", null, spec))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--registry");
  }
}
