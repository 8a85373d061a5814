package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Each test has its own state: no other test of this JVM can have started the warm-up first. */
class JitWarmupTest {

  @Test
  void firstCallStartsALowPriorityDaemonThreadThatEndsByItselfDone() throws InterruptedException {
    JitWarmup.State state = new JitWarmup.State();
    Thread thread = JitWarmup.start(state, () -> true);

    assertThat(thread).isNotNull();
    assertThat(thread.getName()).isEqualTo("ecr-cname-jit-warmup");
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    // It gives up after 3 s by itself; the bound only keeps a broken build from hanging.
    thread.join(Duration.ofSeconds(30).toMillis());
    assertThat(thread.isAlive()).isFalse();
    assertThat(state.done).isTrue();
    assertThat(JitWarmup.start(state, () -> true)).isNull();
  }

  @Test
  void aSecondCallWhileItRunsStartsNothing() throws InterruptedException {
    JitWarmup.State state = new JitWarmup.State();
    Thread first = JitWarmup.start(state, () -> true);

    assertThat(JitWarmup.start(state, () -> true)).isNull();
    assertThat(first).isNotNull();
    first.join(Duration.ofSeconds(30).toMillis());
  }

  @Test
  void itStopsUndoneWhenNoLongerWantedAndCanBeStartedAgain() throws InterruptedException {
    JitWarmup.State state = new JitWarmup.State();
    AtomicBoolean wanted = new AtomicBoolean(false);
    Thread stopped = JitWarmup.start(state, wanted::get);

    assertThat(stopped).isNotNull();
    stopped.join(Duration.ofSeconds(30).toMillis());
    assertThat(state.done).isFalse();

    wanted.set(true);
    Thread again = JitWarmup.start(state, wanted::get);
    assertThat(again).isNotNull();
    again.join(Duration.ofSeconds(30).toMillis());
    assertThat(state.done).isTrue();
  }
}
