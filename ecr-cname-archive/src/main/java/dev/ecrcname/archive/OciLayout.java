package dev.ecrcname.archive;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OCI image layout without {@code manifest.json} (skopeo's {@code oci-archive:}, {@code ctr
 * export --skip-manifest-json}): {@code index.json} names a manifest blob, which names the config
 * and layer blobs. It is turned into the same {@link DockerManifest.Item} the Docker path uses,
 * with the declared digests attached.
 */
final class OciLayout {
  private static final Set<String> MANIFESTS =
      Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
  private static final String NAME = "io.containerd.image.name";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private OciLayout() {}

  static DockerManifest.Item select(ArchiveReader reader, @Nullable String imageName)
      throws IOException {
    String label = reader.label();
    JsonObject index = ArchiveReader.object(reader.json("index.json"), "index.json", label);
    List<JsonObject> candidates = new ArrayList<>();
    for (JsonElement element :
        ArchiveReader.array(index.get("manifests"), "manifests in index.json", label)) {
      JsonObject descriptor = ArchiveReader.object(element, "a descriptor in index.json", label);
      if (imageName == null || namedAs(descriptor, imageName)) {
        candidates.add(descriptor);
      }
    }
    if (candidates.size() != 1) {
      throw new ArchiveException(
          label
              + "'s index.json has "
              + candidates.size()
              + " images"
              + (imageName == null ? "" : " named " + imageName)
              + "; exactly one is needed, so give its name");
    }
    JsonObject descriptor = candidates.get(0);
    String mediaType =
        ArchiveReader.string(descriptor.get("mediaType"), "mediaType in index.json", label);
    if (!MANIFESTS.contains(mediaType)) {
      throw new ArchiveException(
          label
              + ": index.json points to a "
              + mediaType
              + ", not an image manifest; multi-platform is not supported");
    }
    JsonObject manifest = manifest(reader, digest(descriptor, label), label);
    return item(manifest, annotation(descriptor, NAME), label);
  }

  private static JsonObject manifest(ArchiveReader reader, Digest digest, String label)
      throws IOException {
    byte[] bytes = reader.bytes(blobPath(digest));
    if (!digest.equals(Digest.sha256(bytes)) && digest.algorithm().equals("sha256")) {
      throw new ArchiveException(label + ": the manifest blob does not hash to " + digest);
    }
    try {
      return ArchiveReader.object(
          JsonParser.parseString(TarIndex.utf8(bytes)), "the image manifest", label);
    } catch (JsonParseException e) {
      throw new ArchiveException(label + ": the image manifest is not valid JSON", e);
    }
  }

  private static DockerManifest.Item item(
      JsonObject manifest, @Nullable String name, String label) {
    JsonObject config =
        ArchiveReader.object(manifest.get("config"), "the manifest's config", label);
    List<String> layers = new ArrayList<>();
    List<@Nullable Digest> digests = new ArrayList<>();
    for (JsonElement element :
        ArchiveReader.array(manifest.get("layers"), "the manifest's layers", label)) {
      Digest digest = digest(ArchiveReader.object(element, "a layer descriptor", label), label);
      layers.add(blobPath(digest));
      digests.add(digest);
    }
    List<String> names = name == null ? List.of() : List.of(name);
    return new DockerManifest.Item(
        blobPath(digest(config, label)), names, layers, digests, Map.of());
  }

  private static boolean namedAs(JsonObject descriptor, String imageName) {
    String name = annotation(descriptor, NAME);
    String ref = annotation(descriptor, REF_NAME);
    return (name != null && DockerNames.sameName(name, imageName)) || imageName.equals(ref);
  }

  private static @Nullable String annotation(JsonObject descriptor, String key) {
    JsonElement annotations = descriptor.get("annotations");
    if (annotations instanceof JsonObject object
        && object.get(key) != null
        && object.get(key).isJsonPrimitive()) {
      return object.get(key).getAsString();
    }
    return null;
  }

  private static Digest digest(JsonObject descriptor, String label) {
    String value = ArchiveReader.string(descriptor.get("digest"), "a descriptor's digest", label);
    try {
      return Digest.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ArchiveException(label + ": invalid digest " + value, e);
    }
  }

  static String blobPath(Digest digest) {
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }
}
