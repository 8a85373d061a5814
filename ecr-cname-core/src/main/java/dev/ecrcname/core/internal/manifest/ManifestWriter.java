package dev.ecrcname.core.internal.manifest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.ecrcname.core.Descriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes image manifests. Field order and formatting are fixed, so the same image always gets the
 * same manifest digest, and pushing it twice moves the tag nowhere new.
 */
public final class ManifestWriter {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private record DescriptorJson(String mediaType, long size, String digest) {}

  private record ImageJson(
      int schemaVersion, String mediaType, DescriptorJson config, List<DescriptorJson> layers) {}

  private ManifestWriter() {}

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
