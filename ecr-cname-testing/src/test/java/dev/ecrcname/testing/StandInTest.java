package dev.ecrcname.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The Docker guard every Docker proof goes through: skipped on a developer's machine, never on CI.
 */
class StandInTest {
  private static final Path DIR = Path.of("/tmp/standin");

  @Test
  void withoutDockerOnCiTheTestFails() {
    assertThatThrownBy(() -> StandIn.requireDocker(false, true, DIR))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CI=true")
        .hasMessageContaining("no dockerd");
  }

  @Test
  void withoutDockerElsewhereTheTestIsSkipped() {
    assertThatThrownBy(() -> StandIn.requireDocker(false, false, DIR))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void withDockerTheTestRuns() {
    assertThatCode(() -> StandIn.requireDocker(true, true, DIR)).doesNotThrowAnyException();
  }
}
