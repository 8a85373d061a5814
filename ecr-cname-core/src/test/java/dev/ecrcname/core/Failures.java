package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.ThrowingConsumer;

/**
 * Checks on a thrown exception by its type and typed field, as a caller catches by meaning: {@code
 * assertThatThrownBy(…).satisfies(Failures.transport(Kind.REFUSED))}.
 */
final class Failures {
  private Failures() {}

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
