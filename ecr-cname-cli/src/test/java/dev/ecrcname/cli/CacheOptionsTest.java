package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheOptionsTest {
  final CacheCommand.SizeConverter size = new CacheCommand.SizeConverter();
  final CacheCommand.AgeConverter age = new CacheCommand.AgeConverter();

  @Test
  void sizesAreDecimalUnlessBinaryUnitsAreNamed() {
    assertThat(size.convert("5GB")).isEqualTo(5_000_000_000L);
    assertThat(size.convert("500mb")).isEqualTo(500_000_000L);
    assertThat(size.convert("2GiB")).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(size.convert("1.5kB")).isEqualTo(1500L);
    assertThat(size.convert("1024")).isEqualTo(1024L);
  }

  @Test
  void agesTakeSecondsToWeeks() {
    assertThat(age.convert("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(age.convert("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(age.convert("2w")).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void aMalformedValueSaysWhatToGive() {
    assertThatThrownBy(() -> size.convert("lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5GB");
    assertThatThrownBy(() -> age.convert("a month"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("30d");
  }
}
