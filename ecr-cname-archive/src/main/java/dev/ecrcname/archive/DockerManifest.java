package dev.ecrcname.archive;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Docker's {@code manifest.json}: which config and layer files make up each image in the archive.
 */
final class DockerManifest {
  private DockerManifest() {}

  /**
   * One image of the archive, as paths inside it.
   *
   * @param layerDigests per layer, the digest of the stored bytes when a descriptor declared it,
   *     else null
   * @param layerSources Docker's {@code LayerSources}: per diff_id, the descriptor of the blob the
   *     layer came from
   */
  record Item(
      String config,
      List<String> repoTags,
      List<String> layers,
      List<@Nullable Digest> layerDigests,
      Map<Digest, Descriptor> layerSources) {
    Item {
      repoTags = List.copyOf(repoTags);
      layers = List.copyOf(layers);
      layerDigests = Collections.unmodifiableList(new ArrayList<>(layerDigests));
      layerSources = Map.copyOf(layerSources);
    }
  }

  /**
   * The image {@code imageName} names, or the only one. {@code imageId} gives an item's image ID,
   * the sha256 of its config bytes, as docker load computes it (never from the config's file name).
   */
  static Item select(
      JsonElement manifest,
      @Nullable String imageName,
      Function<Item, Digest> imageId,
      String label) {
    List<Item> items = new ArrayList<>();
    if (manifest.isJsonNull()) {
      throw new ArchiveException(
          label
              + ": manifest.json is null, so it lists no images; there is nothing to push"
              + " (docker load would load nothing)");
    }
    for (JsonElement element : JsonFields.array(manifest, "manifest.json", label)) {
      items.add(item(JsonFields.object(element, "a manifest.json entry", label), label));
    }
    if (items.isEmpty()) {
      throw new ArchiveException(
          label
              + ": manifest.json lists no images; there is nothing to push"
              + " (docker load would load nothing)");
    }
    if (imageName == null) {
      if (items.size() == 1) {
        return items.get(0);
      }
      throw new ArchiveException(
          label
              + " holds "
              + items.size()
              + " images "
              + names(items)
              + "; say which one to read by its name");
    }
    for (Item item : items) {
      boolean byName =
          item.repoTags().stream().anyMatch(tag -> DockerNames.sameName(tag, imageName));
      boolean byId =
          imageName.startsWith("sha256:") && imageId.apply(item).toString().equals(imageName);
      if (byName || byId) {
        return item;
      }
    }
    throw new ArchiveException(
        label + " has no image named " + imageName + "; it holds " + names(items));
  }

  private static Item item(JsonObject object, String label) {
    String config = JsonFields.string(object.get("Config"), "Config in manifest.json", label);
    List<String> repoTags = new ArrayList<>();
    JsonElement tags = object.get("RepoTags");
    if (tags != null && !tags.isJsonNull()) {
      for (JsonElement tag : JsonFields.array(tags, "RepoTags in manifest.json", label)) {
        repoTags.add(JsonFields.string(tag, "a RepoTag", label));
      }
    }
    List<String> layers = new ArrayList<>();
    List<@Nullable Digest> digests = new ArrayList<>();
    JsonArray layerArray = JsonFields.array(object.get("Layers"), "Layers in manifest.json", label);
    for (JsonElement layer : layerArray) {
      layers.add(JsonFields.string(layer, "a layer path in manifest.json", label));
      digests.add(null);
    }
    return new Item(
        config, repoTags, layers, digests, layerSources(object.get("LayerSources"), label));
  }

  /**
   * Docker 25+ writes {@code LayerSources} for layers from elsewhere: diff_id to the source blob's
   * descriptor.
   */
  private static Map<Digest, Descriptor> layerSources(@Nullable JsonElement sources, String label) {
    Map<Digest, Descriptor> parsed = new HashMap<>();
    if (sources == null || sources.isJsonNull()) {
      return parsed;
    }
    for (Map.Entry<String, JsonElement> source :
        JsonFields.object(sources, "LayerSources", label).entrySet()) {
      String what = "LayerSources[" + source.getKey() + "]";
      JsonObject descriptor = JsonFields.object(source.getValue(), what, label);
      JsonElement size = descriptor.get("size");
      if (size == null
          || !size.isJsonPrimitive()
          || !size.getAsJsonPrimitive().isNumber()
          || size.getAsLong() < 0) {
        throw new ArchiveException(label + ": " + what + " has no valid size");
      }
      Digest digest =
          digest(JsonFields.string(descriptor.get("digest"), what + ".digest", label), what, label);
      String mediaType = JsonFields.string(descriptor.get("mediaType"), what + ".mediaType", label);
      Digest diffId = digest(source.getKey(), "the key of " + what, label);
      parsed.put(diffId, new Descriptor(mediaType, digest, size.getAsLong()));
    }
    return parsed;
  }

  private static Digest digest(String value, String what, String label) {
    try {
      return Digest.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ArchiveException(label + ": " + what + " is not a valid digest: " + value, e);
    }
  }

  private static List<String> names(List<Item> items) {
    List<String> names = new ArrayList<>();
    for (Item item : items) {
      names.add(item.repoTags().isEmpty() ? item.config() : String.join(",", item.repoTags()));
    }
    return names;
  }
}
