package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Each test has its own once-flag: no other test of this JVM can have started the warm-up first.
 */
class JitWarmupTest {

  @Test
  void firstCallStartsALowPriorityDaemonThreadThatEndsByItself() throws InterruptedException {
    Thread thread = JitWarmup.startOnce(new AtomicBoolean());

    assertThat(thread).isNotNull();
    assertThat(thread.getName()).isEqualTo("ecr-cname-jit-warmup");
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    // It gives up after 3 s by itself; the bound only keeps a broken build from hanging.
    thread.join(Duration.ofSeconds(30).toMillis());
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void secondCallWithTheSameFlagStartsNothing() throws InterruptedException {
    AtomicBoolean started = new AtomicBoolean();
    Thread first = JitWarmup.startOnce(started);

    assertThat(JitWarmup.startOnce(started)).isNull();
    assertThat(first).isNotNull();
    first.join(Duration.ofSeconds(30).toMillis());
  }
}
