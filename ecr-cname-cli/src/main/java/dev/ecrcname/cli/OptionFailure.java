package dev.ecrcname.cli;

import org.jspecify.annotations.Nullable;

/**
 * An option's value, or this machine's setup, that fails only when used, such as a CA file that
 * cannot be read or a credential helper that fails: the command line parsed, so it exits with its
 * {@link #status()} (this machine's setup unless said otherwise), not 2, and the hint names the
 * option to fix.
 */
final class OptionFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitStatus status;
  private final String hint;

  OptionFailure(String message, String hint, @Nullable Throwable cause) {
    this(ExitStatus.LOCAL, message, hint, cause);
  }

  OptionFailure(ExitStatus status, String message, String hint, @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
    this.hint = hint;
  }

  ExitStatus status() {
    return status;
  }

  String hint() {
    return hint;
  }
}
