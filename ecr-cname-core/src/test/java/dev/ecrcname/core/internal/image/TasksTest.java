package dev.ecrcname.core.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.LocalException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Waiting on the layer pool is local work: an interrupt there is a {@link LocalException}, not a
 * transport failure (issue 22), and the transfers still running are cancelled.
 */
class TasksTest {

  @Test
  void anInterruptWhileWaitingIsALocalInterruptAndCancelsTheRest() {
    CompletableFuture<String> never = new CompletableFuture<>();
    List<Future<String>> futures = List.of(never);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Tasks.awaitAll(futures, "pull of app/small:1.0"))
          .isInstanceOfSatisfying(
              LocalException.class,
              e -> assertThat(e.kind()).isEqualTo(LocalException.Kind.INTERRUPTED))
          .hasMessageContaining("pull of app/small:1.0 interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(never).isCancelled();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aTaskFailureComesBackAsTheTypedExceptionItThrew() {
    IllegalArgumentException thrown = new IllegalArgumentException("bad layer");
    CompletableFuture<String> failed = CompletableFuture.failedFuture(thrown);

    assertThatThrownBy(() -> Tasks.awaitAll(List.of(failed), "pull")).isSameAs(thrown);
  }
}
