package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

class StaticResolverTest {
  final CommandSpec spec = Main.commandLine(Io.system()).getCommandSpec();

  @Test
  void fixedNamesResolveToTheirAddressCaseInsensitively() throws Exception {
    StaticResolver resolver =
        StaticResolver.parse(
            List.of("Docker-ECR.internal.example:127.0.0.2", "v6.example:[::1]"), spec);

    assertThat(resolver.resolve("docker-ecr.internal.example"))
        .containsExactly(InetAddress.getByName("127.0.0.2"));
    assertThat(resolver.resolve("v6.example")).containsExactly(InetAddress.getByName("::1"));
  }

  @Test
  void curlsHostPortAddressFormIsAccepted() throws Exception {
    StaticResolver resolver = StaticResolver.parse(List.of("registry.example:443:127.0.0.3"), spec);

    assertThat(resolver.resolve("registry.example"))
        .containsExactly(InetAddress.getByName("127.0.0.3"));
  }

  @Test
  void otherNamesGoToTheSystemResolver() throws Exception {
    StaticResolver resolver = StaticResolver.parse(List.of("a.example:127.0.0.2"), spec);

    assertThat(resolver.resolve("localhost"))
        .containsExactlyInAnyOrder(InetAddress.getAllByName("localhost"));
  }

  @Test
  void aNameInsteadOfAnAddressIsAUsageError() {
    assertThatThrownBy(() -> StaticResolver.parse(List.of("a.example:b.example"), spec))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("HOST:ADDR");
  }
}
