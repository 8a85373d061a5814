package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowingConsumer;

/**
 * Checks on a thrown exception by its type and typed field, as a caller catches by meaning: {@code
 * assertThatThrownBy(…).satisfies(Failures.transport(Kind.REFUSED))}.
 */
final class Failures {
  private Failures() {}

  /** What {@code call} throws on {@code client}, which is closed after. */
  static AbstractThrowableAssert<?, ? extends Throwable> thrownBy(
      RegistryClient client, ThrowingConsumer<RegistryClient> call) {
    try (client) {
      return assertThatThrownBy(() -> call.acceptThrows(client));
    }
  }

  /** A {@link TransportException} of {@code kind}. */
  static ThrowingConsumer<Throwable> transport(TransportException.Kind kind) {
    return e ->
        assertThat(e)
            .isInstanceOfSatisfying(
                TransportException.class, t -> assertThat(t.kind()).isEqualTo(kind));
  }

  /** A {@link ContentException} of {@code problem}. */
  static ThrowingConsumer<Throwable> content(ContentException.Problem problem) {
    return e ->
        assertThat(e)
            .isInstanceOfSatisfying(
                ContentException.class, c -> assertThat(c.problem()).isEqualTo(problem));
  }
}
