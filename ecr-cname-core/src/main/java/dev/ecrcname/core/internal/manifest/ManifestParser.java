package dev.ecrcname.core.internal.manifest;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.ContentException.Problem;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads manifest and index bytes into {@link ParsedManifest}, refusing what we cannot pull
 * faithfully.
 */
public final class ManifestParser {
  private static final Gson GSON = new Gson();

  private ManifestParser() {}

  /**
   * The platform an image config declares ({@code os}, {@code architecture}, {@code variant}), as
   * an index entry for that image must name it.
   *
   * @param what names the image in error messages
   */
  public static Platform platformOfConfig(byte[] config, String what) {
    ManifestJson.PlatformJson json;
    try {
      json =
          GSON.fromJson(
              new String(config, StandardCharsets.UTF_8), ManifestJson.PlatformJson.class);
    } catch (JsonParseException e) {
      throw new ContentException(
          Problem.INVALID,
          "the config of " + what + " is not valid JSON (" + JsonErrors.reason(e) + ")");
    }
    if (json == null || json.os() == null || json.architecture() == null) {
      throw new ContentException(
          Problem.INVALID,
          "the config of "
              + what
              + " names no os and architecture; an index entry needs both, e.g. linux/amd64");
    }
    String variant = json.variant();
    return new Platform(json.os(), json.architecture(), variant == null ? "" : variant);
  }

  /**
   * Parses manifest or index bytes.
   *
   * @param contentType the response's Content-Type, used when the JSON has no {@code mediaType}
   *     (OCI makes it optional)
   * @param what names the manifest in error messages, e.g. {@code app/small:1.0}
   */
  public static ParsedManifest parse(byte[] bytes, @Nullable String contentType, String what) {
    ManifestJson json;
    try {
      json = GSON.fromJson(new String(bytes, StandardCharsets.UTF_8), ManifestJson.class);
    } catch (JsonParseException e) {
      throw invalid(what, "is not valid JSON (" + JsonErrors.reason(e) + ")");
    }
    if (json == null) {
      throw invalid(what, "is empty");
    }
    if (json.schemaVersion() != 2) {
      throw new ContentException(
          Problem.UNSUPPORTED,
          "the manifest of "
              + what
              + " has schemaVersion "
              + json.schemaVersion()
              + "; only schema 2 and OCI are supported (schema 1 is deprecated and cannot carry an image ID)");
    }
    String mediaType = mediaType(json, contentType);
    if (MediaTypes.isIndex(mediaType)) {
      return new ParsedManifest.Index(mediaType, entries(json, what));
    }
    if (!MediaTypes.isImageManifest(mediaType)) {
      throw new ContentException(
          Problem.UNSUPPORTED,
          "the manifest of "
              + what
              + " has media type "
              + mediaType
              + ", which is not an image manifest or index");
    }
    if (json.config() == null || json.layers() == null) {
      throw invalid(what, "lacks config or layers");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (ManifestJson.DescriptorJson layer : json.layers()) {
      layers.add(descriptor(layer, what));
    }
    return new ParsedManifest.Image(mediaType, descriptor(json.config(), what), layers);
  }

  private static String mediaType(ManifestJson json, @Nullable String contentType) {
    if (json.mediaType() != null && !json.mediaType().isEmpty()) {
      return json.mediaType();
    }
    if (contentType != null
        && !contentType.isBlank()
        && !contentType.startsWith("application/json")) {
      return contentType.split(";", 2)[0].trim();
    }
    return json.manifests() != null ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
  }

  private static List<ParsedManifest.Entry> entries(ManifestJson json, String what) {
    if (json.manifests() == null) {
      throw invalid(what, "is an index without manifests");
    }
    List<ParsedManifest.Entry> entries = new ArrayList<>();
    for (ManifestJson.DescriptorJson m : json.manifests()) {
      if (m == null) {
        throw invalid(what, "has a null index entry"); // Gson reads [null] as a null element
      }
      ManifestJson.PlatformJson p = m.platform();
      Platform platform;
      try {
        platform =
            p == null || p.os() == null || p.architecture() == null
                ? null
                : new Platform(p.os(), p.architecture(), p.variant() == null ? "" : p.variant());
      } catch (IllegalArgumentException e) {
        throw invalid(what, "has an index entry with an invalid platform: " + e.getMessage());
      }
      entries.add(new ParsedManifest.Entry(descriptor(m, what), platform));
    }
    return entries;
  }

  private static Descriptor descriptor(ManifestJson.@Nullable DescriptorJson d, String what) {
    if (d == null) {
      throw invalid(what, "has a null descriptor"); // Gson reads [null] as a null element
    }
    if (d.digest() == null || d.mediaType() == null) {
      throw invalid(what, "has a descriptor without digest or mediaType");
    }
    try {
      return new Descriptor(
          d.mediaType(),
          Digest.parse(d.digest()),
          d.size(),
          d.urls() == null ? List.of() : d.urls(),
          d.annotations() == null ? Map.of() : d.annotations());
    } catch (IllegalArgumentException e) {
      throw invalid(what, "has an invalid descriptor: " + e.getMessage());
    }
  }

  private static ContentException invalid(String what, String problem) {
    return new ContentException(Problem.INVALID, "the manifest of " + what + " " + problem);
  }
}
