package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void sizesUseDecimalUnitsAsDockerPrintsThem() {
    assertThat(Units.bytes(999)).isEqualTo("999 B");
    assertThat(Units.bytes(1_500)).isEqualTo("1.5 kB");
    assertThat(Units.bytes(2_345_678_901L)).isEqualTo("2.3 GB");
  }

  @Test
  void rateIsMegabytesPerSecondAndNothingMovedSaysSo() {
    assertThat(Units.rate(5_000_000, Duration.ofSeconds(2))).isEqualTo("2.5 MB/s");
    assertThat(Units.rate(0, Duration.ofSeconds(2))).isEqualTo("nothing transferred");
  }
}
