package dev.ecrcname.archive;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.PulledImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One image checked and ready to write: its config parsed, the layer count matched against the
 * diff_ids, the name it will load as decided. All of this happens before any byte is written, so a
 * bad image fails fast.
 */
record ImagePlan(
    PulledImage image, ImageConfig config, Digest configDigest, Optional<ImageReference> name) {
  private static final Set<String> IMAGE_MANIFESTS =
      Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);

  static ImagePlan of(PulledImage image, @Nullable String repoTag) {
    String what = image.toString();
    Digest configDigest = Digest.sha256(image.configBytes());
    Digest declared = image.config().digest();
    if (!declared.algorithm().equals("sha256") || !declared.equals(configDigest)) {
      throw new ArchiveException(
          what
              + ": the config bytes hash to "
              + configDigest
              + ", not to "
              + declared
              + " as the manifest says");
    }
    ImageConfig config = ImageConfig.parse(image.configBytes(), what);
    if (config.diffIds().size() != image.layers().size()) {
      throw new ArchiveException(
          what
              + ": the manifest lists "
              + image.layers().size()
              + " layers but the config's rootfs.diff_ids has "
              + config.diffIds().size()
              + "; docker load would refuse this image");
    }
    return new ImagePlan(image, config, configDigest, name(image, repoTag));
  }

  /**
   * The name the image loads as. We use the full registry name ({@code
   * 123456789012.dkr.ecr.us-east-1.amazonaws.com/ app/small:1.0}), exactly what {@code docker pull}
   * of the real host would create, so {@code docker run} and {@code docker push} of that name keep
   * working. The bare {@code app/small:1.0} would be read by docker as {@code
   * docker.io/app/small:1.0}: a different image, and a later push would go to Docker Hub. An image
   * pulled by digest has no tag, so it loads unnamed unless a repoTag is given.
   */
  private static Optional<ImageReference> name(PulledImage image, @Nullable String repoTag) {
    if (repoTag != null) {
      return Optional.of(DockerNames.requireTagged(repoTag));
    }
    if (!image.pulledByTag()) {
      return Optional.empty();
    }
    ImageReference pulled = image.reference().withDigest(null);
    return Optional.of(
        DockerNames.normalised(pulled)
            .orElseThrow(
                () ->
                    new ArchiveException(
                        "'"
                            + pulled
                            + "' is not a name docker load accepts; pass WriteOptions.repoTag to rename it")));
  }

  String what(int layer) {
    return "layer "
        + layer
        + " of "
        + image
        + " (blob "
        + image.layers().get(layer).descriptor().digest()
        + ")";
  }

  Digest diffId(int layer) {
    return config.diffIds().get(layer);
  }

  /**
   * The v1 layer ids of the legacy {@code <id>/} directories: the hex of each layer's chain ID (see
   * {@link ImageConfig#chainIds}). Deterministic, unique per layer stack, and shared by images that
   * share a base.
   */
  List<String> legacyIds() {
    List<String> ids = new ArrayList<>();
    config.chainIds().forEach(chain -> ids.add(chain.hex()));
    return ids;
  }

  Descriptor configDescriptor() {
    String declared = image.config().mediaType();
    String mediaType = declared.equals(MediaTypes.DOCKER_CONFIG) ? MediaTypes.OCI_CONFIG : declared;
    return new Descriptor(mediaType, configDigest, image.configBytes().length);
  }

  /**
   * Whether the registry's manifest describes exactly the blobs stored (compressed mode), so its
   * original bytes and digest can be kept. Foreign layers are excluded: OCI readers fetch them from
   * their URLs instead of the archive.
   */
  boolean originalManifestDescribes(List<StoredLayer> stored) {
    if (!IMAGE_MANIFESTS.contains(image.manifestMediaType())
        || !image.manifestDigest().equals(Digest.sha256(image.manifest()))
        || image.layers().stream().anyMatch(layer -> layer.descriptor().isForeign())) {
      return false;
    }
    try {
      JsonObject root =
          JsonParser.parseString(new String(image.manifest(), StandardCharsets.UTF_8))
              .getAsJsonObject();
      JsonElement layers = root.get("layers");
      JsonElement config = root.get("config");
      if (!(layers instanceof JsonArray array) || !(config instanceof JsonObject configObject)) {
        return false;
      }
      if (array.size() != stored.size()
          || !digestOf(configObject).equals(configDigest.toString())) {
        return false;
      }
      for (int i = 0; i < stored.size(); i++) {
        if (!(array.get(i) instanceof JsonObject layer)
            || !digestOf(layer).equals(stored.get(i).digest().toString())) {
          return false;
        }
      }
      return true;
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static String digestOf(JsonObject descriptor) {
    JsonElement digest = descriptor.get("digest");
    return digest != null && digest.isJsonPrimitive() ? digest.getAsString() : "";
  }
}
