package dev.ecrcname.core.internal.manifest;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Platform;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A manifest as the puller needs it: either one image, or an index of per-platform images. */
public sealed interface ParsedManifest {

  String mediaType();

  /** One image: its config and layers, bottom first. */
  record Image(String mediaType, Descriptor config, List<Descriptor> layers)
      implements ParsedManifest {
    public Image {
      layers = List.copyOf(layers);
    }
  }

  /** An OCI index or Docker manifest list. */
  record Index(String mediaType, List<Entry> manifests) implements ParsedManifest {
    public Index {
      manifests = List.copyOf(manifests);
    }
  }

  /** An index entry; {@code platform} is null for entries without one (e.g. attestations). */
  record Entry(Descriptor descriptor, @Nullable Platform platform) {}
}
