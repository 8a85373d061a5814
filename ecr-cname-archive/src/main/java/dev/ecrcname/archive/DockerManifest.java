package dev.ecrcname.archive;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ecrcname.core.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Docker's {@code manifest.json}: which config and layer files make up each image in the archive. */
final class DockerManifest {
  private DockerManifest() {}

  /**
   * One image of the archive, as paths inside it.
   *
   * @param layerDigests per layer, the digest of the stored bytes when a descriptor declared it, else null
   */
  record Item(String config, List<String> repoTags, List<String> layers, List<@Nullable Digest> layerDigests) {
    Item {
      repoTags = List.copyOf(repoTags);
      layers = List.copyOf(layers);
      layerDigests = Collections.unmodifiableList(new ArrayList<>(layerDigests));
    }
  }

  static Item select(JsonElement manifest, @Nullable String imageName, String label) {
    List<Item> items = new ArrayList<>();
    for (JsonElement element : ArchiveReader.array(manifest, "manifest.json", label)) {
      items.add(item(ArchiveReader.object(element, "a manifest.json entry", label), label));
    }
    if (items.isEmpty()) {
      throw new ArchiveException(label + ": manifest.json lists no images");
    }
    if (imageName == null) {
      if (items.size() == 1) {
        return items.get(0);
      }
      throw new ArchiveException(
          label + " holds " + items.size() + " images " + names(items) + "; say which one to read by its name");
    }
    for (Item item : items) {
      boolean byName = item.repoTags().stream().anyMatch(tag -> ImageNames.sameName(tag, imageName));
      boolean byId = ArchiveReader.digestInName(item.config()).map(id -> id.toString().equals(imageName)).orElse(false);
      if (byName || byId) {
        return item;
      }
    }
    throw new ArchiveException(label + " has no image named " + imageName + "; it holds " + names(items));
  }

  private static Item item(JsonObject object, String label) {
    String config = ArchiveReader.string(object.get("Config"), "Config in manifest.json", label);
    List<String> repoTags = new ArrayList<>();
    JsonElement tags = object.get("RepoTags");
    if (tags != null && !tags.isJsonNull()) {
      for (JsonElement tag : ArchiveReader.array(tags, "RepoTags in manifest.json", label)) {
        repoTags.add(ArchiveReader.string(tag, "a RepoTag", label));
      }
    }
    List<String> layers = new ArrayList<>();
    List<@Nullable Digest> digests = new ArrayList<>();
    JsonArray layerArray = ArchiveReader.array(object.get("Layers"), "Layers in manifest.json", label);
    for (JsonElement layer : layerArray) {
      layers.add(ArchiveReader.string(layer, "a layer path in manifest.json", label));
      digests.add(null);
    }
    return new Item(config, repoTags, layers, digests);
  }

  private static List<String> names(List<Item> items) {
    List<String> names = new ArrayList<>();
    for (Item item : items) {
      names.add(item.repoTags().isEmpty() ? item.config() : String.join(",", item.repoTags()));
    }
    return names;
  }
}
