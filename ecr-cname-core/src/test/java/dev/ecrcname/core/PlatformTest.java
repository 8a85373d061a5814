package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "x86_64, amd64",
    "amd64, amd64",
    "AMD64, amd64",
    "aarch64, arm64",
    "arm64, arm64",
    "x86, 386",
    "i386, 386",
    "i686, 386",
    "ppc64le, ppc64le",
    "s390x, s390x",
    "riscv64, riscv64"
  })
  void javaArchitectureNamesMapToGoNames(String java, String go) {
    assertThat(Platform.goArchitecture(java)).isEqualTo(go);
  }

  @Test
  void currentIsLinuxWithThisJvmsArchitectureInGoNames() {
    Platform current = Platform.current();
    assertThat(current.os()).isEqualTo("linux");
    assertThat(current.variant()).isEmpty();
    assertThat(current.architecture())
        .isEqualTo(Platform.goArchitecture(System.getProperty("os.arch")));
  }

  @Test
  void parseReadsOsArchitectureAndVariant() {
    assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(new Platform("linux", "arm64", "v8"));
    assertThat(Platform.parse("linux/amd64")).isEqualTo(Platform.of("linux", "amd64"));
  }

  @Test
  void parseRefusesOneOrFourParts() {
    assertThatThrownBy(() -> Platform.parse("linux"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OS/ARCH[/VARIANT]");
    assertThatThrownBy(() -> Platform.parse("linux/arm64/v8/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blankOsOrArchitectureIsRefused() {
    assertThatThrownBy(() -> Platform.of(" ", "amd64"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Platform.of("linux", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyVariantAcceptsAnyVariant() {
    assertThat(Platform.of("linux", "arm64").matches("linux", "arm64", "v8")).isTrue();
    assertThat(Platform.of("linux", "arm64").matches("linux", "arm64", null)).isTrue();
  }

  @Test
  void aVariantAcceptsOnlyThatVariant() {
    Platform v8 = Platform.parse("linux/arm64/v8");
    assertThat(v8.matches("linux", "arm64", "v8")).isTrue();
    assertThat(v8.matches("linux", "arm64", "v7")).isFalse();
    assertThat(v8.matches("linux", "arm64", null)).isFalse();
  }

  @Test
  void osAndArchitectureMustBothMatch() {
    Platform amd64 = Platform.of("linux", "amd64");
    assertThat(amd64.matches("windows", "amd64", null)).isFalse();
    assertThat(amd64.matches("linux", "arm64", null)).isFalse();
  }

  @Test
  void toStringIsTheDockerPlatformForm() {
    assertThat(Platform.parse("linux/arm64/v8")).hasToString("linux/arm64/v8");
    assertThat(Platform.of("linux", "amd64")).hasToString("linux/amd64");
  }
}
