package dev.ecrcname.cli;

import org.jspecify.annotations.Nullable;

/**
 * An option's value that fails only when used, such as a CA file that cannot be read: the command
 * line parsed, so it exits 1, not 2, and the hint names the option to fix.
 */
final class OptionFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;

  OptionFailure(String message, String hint, @Nullable Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }
}
