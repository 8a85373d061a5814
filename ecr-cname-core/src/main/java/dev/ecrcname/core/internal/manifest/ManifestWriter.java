package dev.ecrcname.core.internal.manifest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes image manifests. Field order and formatting are fixed, so the same image always gets the
 * same manifest digest, and pushing it twice moves the tag nowhere new.
 */
public final class ManifestWriter {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private record DescriptorJson(String mediaType, long size, String digest) {}

  private record ImageJson(
      int schemaVersion, String mediaType, DescriptorJson config, List<DescriptorJson> layers) {}

  private record PlatformJson(String architecture, String os, @Nullable String variant) {}

  private record EntryJson(String mediaType, long size, String digest, PlatformJson platform) {}

  private record IndexJson(int schemaVersion, String mediaType, List<EntryJson> manifests) {}

  /** One image of an index, and the platform it is for. */
  public record IndexEntry(Descriptor manifest, Platform platform) {}

  private ManifestWriter() {}

  /**
   * An index (OCI index or Docker manifest list, by {@code mediaType}) of images, in the given
   * order. A variant is written only when there is one, as docker and buildx do.
   */
  public static byte[] index(String mediaType, List<IndexEntry> entries) {
    List<EntryJson> manifests = new ArrayList<>();
    for (IndexEntry entry : entries) {
      Descriptor d = entry.manifest();
      Platform p = entry.platform();
      manifests.add(
          new EntryJson(
              d.mediaType(),
              d.size(),
              d.digest().toString(),
              new PlatformJson(
                  p.architecture(), p.os(), p.variant().isEmpty() ? null : p.variant())));
    }
    return GSON.toJson(new IndexJson(2, mediaType, manifests)).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] image(String mediaType, Descriptor config, List<Descriptor> layers) {
    ImageJson json =
        new ImageJson(
            2, mediaType, json(config), layers.stream().map(ManifestWriter::json).toList());
    return GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
  }

  private static DescriptorJson json(Descriptor d) {
    return new DescriptorJson(d.mediaType(), d.size(), d.digest().toString());
  }
}
