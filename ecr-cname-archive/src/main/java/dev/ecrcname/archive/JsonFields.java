package dev.ecrcname.archive;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to the JSON of a tarball being read ({@code manifest.json}, {@code index.json},
 * manifests), each failure an {@link ArchiveException} naming the tarball and the field. Shared by
 * the readers of both layouts, so it sits below them.
 */
final class JsonFields {
  private JsonFields() {}

  static JsonObject object(@Nullable JsonElement element, String what, String label) {
    if (element instanceof JsonObject object) {
      return object;
    }
    throw new ArchiveException(label + ": " + what + " is not a JSON object");
  }

  static JsonArray array(@Nullable JsonElement element, String what, String label) {
    if (element instanceof JsonArray array) {
      return array;
    }
    throw new ArchiveException(label + ": " + what + " is not a JSON array");
  }

  static String string(@Nullable JsonElement element, String what, String label) {
    if (element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
      return element.getAsString();
    }
    throw new ArchiveException(label + ": " + what + " is not a string");
  }
}
