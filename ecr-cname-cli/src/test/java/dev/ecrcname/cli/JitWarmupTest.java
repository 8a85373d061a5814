package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

  @Test
  void warmUpRunsOncePerJvmOnADaemonThreadAndEnds() throws InterruptedException {
    Thread first = JitWarmup.startOnce();
    Thread second = JitWarmup.startOnce();
    // Another test in this JVM may have pulled first; then neither call starts anything.
    assertThat(second).isNull();
    if (first != null) {
      assertThat(first.isDaemon()).isTrue();
      // It gives up after 3 s by itself; the bound only keeps a broken build from hanging.
      first.join(Duration.ofSeconds(30).toMillis());
      assertThat(first.isAlive()).isFalse();
    }
  }
}
