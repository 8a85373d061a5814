package dev.ecrcname.core;

import java.util.concurrent.ExecutionException;

/** Unwraps failures of pooled transfers so callers see the typed exception the task threw. */
final class Tasks {
  private Tasks() {}

  static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof java.io.IOException io) {
      return new EcrCnameException("transfer failed: " + io.getMessage(), io);
    }
    return new EcrCnameException("transfer failed: " + cause, cause);
  }
}
