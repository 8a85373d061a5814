package dev.ecrcname.archive;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the archive needs from an image config: the layer diff_ids and the platform. The config
 * bytes themselves are never re-serialised, because their sha256 is the image ID.
 */
record ImageConfig(List<Digest> diffIds, String os, String architecture, String variant) {

  ImageConfig {
    diffIds = List.copyOf(diffIds);
  }

  static ImageConfig parse(byte[] configBytes, String what) {
    JsonObject root;
    try {
      root =
          JsonParser.parseString(new String(configBytes, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new ArchiveException(what + ": the image config is not a JSON object", e);
    }
    JsonElement rootfs = root.get("rootfs");
    if (rootfs == null
        || !rootfs.isJsonObject()
        || !(rootfs.getAsJsonObject().get("diff_ids") instanceof JsonArray)) {
      throw new ArchiveException(
          what + ": the image config has no rootfs.diff_ids; it is not a container image");
    }
    List<Digest> diffIds = new ArrayList<>();
    for (JsonElement id : rootfs.getAsJsonObject().getAsJsonArray("diff_ids")) {
      try {
        diffIds.add(Digest.parse(id.getAsString()));
      } catch (IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
        throw new ArchiveException(what + ": the image config has an invalid diff_id: " + id, e);
      }
    }
    return new ImageConfig(
        diffIds, text(root, "os"), text(root, "architecture"), text(root, "variant"));
  }

  private static String text(JsonObject root, String key) {
    JsonElement value = root.get(key);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  /**
   * The chain IDs of the layer stack (OCI image spec, "ChainID"): the first is the first diff_id,
   * each next one is {@code sha256(previous + " " + diff_id)}. A chain ID names a layer together
   * with everything under it.
   */
  List<Digest> chainIds() {
    List<Digest> chain = new ArrayList<>(diffIds.size());
    for (Digest diffId : diffIds) {
      chain.add(
          chain.isEmpty() ? diffId : Digest.sha256(chain.get(chain.size() - 1) + " " + diffId));
    }
    return chain;
  }

  Optional<JsonObject> platform() {
    if (os.isEmpty() || architecture.isEmpty()) {
      return Optional.empty();
    }
    JsonObject platform = new JsonObject();
    platform.addProperty("architecture", architecture);
    platform.addProperty("os", os);
    if (!variant.isEmpty()) {
      platform.addProperty("variant", variant);
    }
    return Optional.of(platform);
  }
}
