package dev.ecrcname.core.internal.manifest;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PlatformNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Picks an index entry by os, architecture and variant, as docker does for {@code --platform}. */
public final class PlatformSelector {
  private PlatformSelector() {}

  public static Descriptor select(ParsedManifest.Index index, Platform wanted, String image) {
    List<Platform> offered = new ArrayList<>();
    for (ParsedManifest.Entry entry : index.manifests()) {
      @Nullable Platform p = entry.platform();
      if (p == null || p.architecture().equals("unknown")) {
        continue; // attestation manifests (buildx provenance) carry unknown/unknown
      }
      if (wanted.matches(p.os(), p.architecture(), p.variant())) {
        return entry.descriptor();
      }
      offered.add(p);
    }
    throw new PlatformNotFoundException(image, wanted, offered);
  }
}
