package dev.ecrcname.core.internal.manifest;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The wire shape of a manifest or an index, as Gson reads it. Fields absent from the JSON are null.
 */
record ManifestJson(
    int schemaVersion,
    @Nullable String mediaType,
    @Nullable DescriptorJson config,
    @Nullable List<DescriptorJson> layers,
    @Nullable List<DescriptorJson> manifests) {

  record DescriptorJson(
      @Nullable String mediaType,
      @Nullable String digest,
      long size,
      @Nullable List<String> urls,
      @Nullable Map<String, String> annotations,
      @Nullable PlatformJson platform) {}

  record PlatformJson(
      @Nullable String os, @Nullable String architecture, @Nullable String variant) {}
}
