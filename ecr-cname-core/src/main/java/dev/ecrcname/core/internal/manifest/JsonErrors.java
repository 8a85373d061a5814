package dev.ecrcname.core.internal.manifest;

import com.google.gson.JsonParseException;

/** The one way registry JSON that fails to parse is described in a message. */
public final class JsonErrors {
  private JsonErrors() {}

  /**
   * What the JSON parser found and where, e.g. {@code Expected ':' at line 1 column 7 path $.a}:
   * without Gson's exception class names and its troubleshooting link (issue 21, defect 18).
   */
  public static String reason(JsonParseException e) {
    Throwable deepest = e;
    while (deepest.getCause() != null) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage() != null ? deepest.getMessage() : e.getMessage();
    String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
    return first.replaceFirst("^([A-Za-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ", "");
  }
}
