package dev.ecrcname.archive;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON documents the writer produces. Key order is fixed (insertion order, maps sorted as Go
 * sorts them) so that the output is byte-identical across runs.
 */
final class ArchiveJson {
  static final byte[] OCI_LAYOUT = utf8("{\"imageLayoutVersion\":\"1.0.0\"}");
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private ArchiveJson() {}

  /** One {@code manifest.json} item. */
  record ManifestItem(
      String config, List<String> repoTags, List<String> layers, Map<String, Descriptor> sources) {}

  /** One {@code index.json} entry. */
  record IndexEntry(
      Descriptor manifest, Optional<ImageReference> name, Optional<JsonObject> platform) {}

  /** An OCI image manifest describing the blobs exactly as this archive stores them. */
  static byte[] ociManifest(Descriptor config, List<Descriptor> layers) {
    JsonObject root = new JsonObject();
    root.addProperty("schemaVersion", 2);
    root.addProperty("mediaType", MediaTypes.OCI_MANIFEST);
    root.add("config", descriptor(config));
    JsonArray array = new JsonArray();
    layers.forEach(layer -> array.add(descriptor(layer)));
    root.add("layers", array);
    return toBytes(root);
  }

  /**
   * The OCI index, annotated as Docker 25's {@code docker save}: containerd names the image after
   * {@code io.containerd.image.name}; skopeo's {@code oci-archive:file:ref} selects by {@code
   * org.opencontainers.image.ref.name}.
   */
  static byte[] index(List<IndexEntry> entries) {
    JsonObject root = new JsonObject();
    root.addProperty("schemaVersion", 2);
    root.addProperty("mediaType", MediaTypes.OCI_INDEX);
    JsonArray manifests = new JsonArray();
    for (IndexEntry entry : entries) {
      JsonObject descriptor = descriptor(entry.manifest());
      entry
          .name()
          .ifPresent(
              name -> {
                JsonObject annotations = new JsonObject();
                annotations.addProperty("io.containerd.image.name", name.toString());
                annotations.addProperty(
                    "org.opencontainers.image.ref.name", Objects.requireNonNull(name.tag()));
                descriptor.add("annotations", annotations);
              });
      entry.platform().ifPresent(platform -> descriptor.add("platform", platform));
      manifests.add(descriptor);
    }
    root.add("manifests", manifests);
    return toBytes(root);
  }

  /**
   * The digests an index lists, in order; empty when the bytes are no index we can read, so a
   * caller comparing lists sees a mismatch.
   */
  static List<Digest> indexDigests(byte[] index) {
    try {
      JsonElement root = JsonParser.parseString(new String(index, StandardCharsets.UTF_8));
      List<Digest> digests = new ArrayList<>();
      for (JsonElement entry : root.getAsJsonObject().getAsJsonArray("manifests")) {
        digests.add(Digest.parse(entry.getAsJsonObject().get("digest").getAsString()));
      }
      return digests;
    } catch (RuntimeException e) {
      // Malformed JSON, a missing field or a bad digest: all mean "not the index we stored".
      return List.of();
    }
  }

  /**
   * Docker's {@code manifest.json}; an image without names gets {@code "RepoTags":null}, as docker
   * save writes.
   */
  static byte[] dockerManifest(List<ManifestItem> items) {
    JsonArray root = new JsonArray();
    for (ManifestItem item : items) {
      JsonObject object = new JsonObject();
      object.addProperty("Config", item.config());
      object.add(
          "RepoTags", item.repoTags().isEmpty() ? JsonNull.INSTANCE : strings(item.repoTags()));
      object.add("Layers", strings(item.layers()));
      if (!item.sources().isEmpty()) {
        JsonObject sources = new JsonObject();
        new TreeMap<>(item.sources())
            .forEach((diffId, source) -> sources.add(diffId, descriptor(source)));
        object.add("LayerSources", sources);
      }
      root.add(object);
    }
    return toBytesWithNewline(root);
  }

  /**
   * The legacy {@code repositories} file: familiar repository, then tag, then the top layer's v1
   * id.
   */
  static byte[] repositories(Map<String, Map<String, String>> repositories) {
    JsonObject root = new JsonObject();
    new TreeMap<>(repositories)
        .forEach(
            (repository, tags) -> {
              JsonObject byTag = new JsonObject();
              new TreeMap<>(tags).forEach(byTag::addProperty);
              root.add(repository, byTag);
            });
    return toBytesWithNewline(root);
  }

  /** The v1 {@code json} of a legacy layer directory: its id and its parent's. */
  static byte[] legacyLayer(String id, Optional<String> parent) {
    JsonObject root = new JsonObject();
    root.addProperty("id", id);
    parent.ifPresent(p -> root.addProperty("parent", p));
    return toBytes(root);
  }

  static JsonObject descriptor(Descriptor descriptor) {
    JsonObject object = new JsonObject();
    object.addProperty("mediaType", descriptor.mediaType());
    object.addProperty("digest", descriptor.digest().toString());
    object.addProperty("size", descriptor.size());
    if (!descriptor.urls().isEmpty()) {
      object.add("urls", strings(descriptor.urls()));
    }
    if (!descriptor.annotations().isEmpty()) {
      JsonObject annotations = new JsonObject();
      new TreeMap<>(descriptor.annotations()).forEach(annotations::addProperty);
      object.add("annotations", annotations);
    }
    return object;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }

  private static byte[] toBytes(JsonElement element) {
    return utf8(GSON.toJson(element));
  }

  private static byte[] toBytesWithNewline(JsonElement element) {
    return utf8(GSON.toJson(element) + "\n");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
