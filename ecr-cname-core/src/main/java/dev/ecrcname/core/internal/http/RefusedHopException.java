package dev.ecrcname.core.internal.http;

import java.io.IOException;

/**
 * A hop this client refuses to take: a redirect to plain http, without a Location, or one too many.
 */
public final class RefusedHopException extends IOException {
  private static final long serialVersionUID = 1L;

  public RefusedHopException(String message) {
    super(message);
  }
}
