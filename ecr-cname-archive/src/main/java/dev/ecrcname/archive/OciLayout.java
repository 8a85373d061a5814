package dev.ecrcname.archive;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OCI image layout without {@code manifest.json} (skopeo's {@code oci-archive:}, {@code ctr
 * export --skip-manifest-json}): {@code index.json} names a manifest blob, which names the config
 * and layer blobs. It is turned into the same {@link DockerManifest.Item} the Docker path uses,
 * with the declared digests attached.
 */
final class OciLayout {
  private static final Logger LOG = LoggerFactory.getLogger(OciLayout.class);
  private static final Set<String> MANIFESTS =
      Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
  private static final String NAME = "io.containerd.image.name";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private OciLayout() {}

  static DockerManifest.Item select(TarFiles reader, @Nullable String imageName)
      throws IOException {
    String label = reader.label();
    List<JsonObject> candidates =
        topDescriptors(reader).stream()
            .filter(descriptor -> imageName == null || namedAs(descriptor, imageName))
            .toList();
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
        JsonFields.string(descriptor.get("mediaType"), "mediaType in index.json", label);
    if (!MANIFESTS.contains(mediaType)) {
      throw new ArchiveException(
          label
              + ": index.json points to a "
              + mediaType
              + ", not an image manifest: a multi-platform image, which is read whole with"
              + " DockerArchive.readPlatforms (as the CLI's push does)");
    }
    JsonObject manifest = json(reader, digest(descriptor, label), "the image manifest", label);
    return item(manifest, annotation(descriptor, NAME), label);
  }

  /** One platform's image of a multi-platform index: where it lies, and the index's platform. */
  record PlatformImage(DockerManifest.Item item, @Nullable Platform platform) {}

  /**
   * The images of the one multi-platform index {@code index.json} names (by {@code imageName} when
   * not null), one per platform whose manifest, config and layers the tarball all holds, in the
   * index's order; empty when {@code index.json} names no such index.
   */
  static List<PlatformImage> platforms(TarFiles reader, @Nullable String imageName)
      throws IOException {
    String label = reader.label();
    List<JsonObject> indexes =
        usable(
            () ->
                topDescriptors(reader).stream()
                    .filter(descriptor -> MediaTypes.isIndex(mediaType(descriptor, label)))
                    .filter(descriptor -> imageName == null || namedAs(descriptor, imageName))
                    .toList());
    if (indexes.isEmpty()) {
      return List.of();
    }
    if (indexes.size() > 1) {
      throw new ArchiveException(
          label
              + "'s index.json names "
              + indexes.size()
              + " multi-platform images; say which one to read by its name (push --image NAME:TAG)");
    }
    return usable(() -> images(reader, indexes.get(0)));
  }

  /**
   * {@code index.json}, or the multi-platform index it names, cannot be used: not JSON, no {@code
   * manifests} array, a descriptor without a media type or digest, the index blob missing or
   * broken, or no image the tarball holds. A reader with {@code manifest.json} then reads that, as
   * {@code docker load} reads nothing else (issue 21, defect 16).
   */
  static final class UnusableIndex extends ArchiveException {
    private static final long serialVersionUID = 1L;

    UnusableIndex(ArchiveException cause) {
      super(String.valueOf(cause.getMessage()), cause);
    }
  }

  /** What reading the index gives, or an {@link UnusableIndex} for any archive failure in it. */
  private static <T> T usable(IndexRead<T> read) throws IOException {
    try {
      return read.read();
    } catch (UnusableIndex e) {
      throw e;
    } catch (ArchiveException e) {
      throw new UnusableIndex(e);
    }
  }

  private interface IndexRead<T> {
    T read() throws IOException;
  }

  /** The images of the multi-platform index {@code top} names, in the index's order. */
  private static List<PlatformImage> images(TarFiles reader, JsonObject top) throws IOException {
    String label = reader.label();
    @Nullable String name = annotation(top, NAME);
    JsonObject platforms = json(reader, digest(top, label), "the multi-platform index", label);
    List<PlatformImage> items = new ArrayList<>();
    for (JsonElement element :
        JsonFields.array(platforms.get("manifests"), "manifests of the index", label)) {
      JsonObject child = JsonFields.object(element, "a descriptor in the index", label);
      String mediaType = mediaType(child, label);
      @Nullable Platform platform = platformOf(child);
      if (MediaTypes.isIndex(mediaType)) {
        throw new ArchiveException(
            label + ": the index nests another index; only one level is supported");
      }
      // buildx attestations say unknown/unknown; an entry without a platform is no image either.
      if (!MANIFESTS.contains(mediaType)
          || platform == null
          || platform.architecture().equals("unknown")) {
        LOG.info(
            "{}: leaving out {} ({}), an attestation or no image",
            label,
            platform == null ? "an entry without a platform" : platform,
            mediaType);
        continue;
      }
      Digest digest = digest(child, label);
      DockerManifest.Item item =
          reader.holds(BlobPaths.of(digest))
              ? item(json(reader, digest, "the image manifest", label), name, label)
              : null;
      if (item == null
          || !reader.holds(item.config())
          || !item.layers().stream().allMatch(reader::holds)) {
        LOG.warn(
            "{}: the index lists {} ({}) but the tarball does not hold all of it; pushing the"
                + " others",
            label,
            platform,
            digest);
        continue;
      }
      items.add(new PlatformImage(item, platform));
    }
    if (items.isEmpty()) {
      throw new ArchiveException(
          label + ": its multi-platform index lists no image the tarball holds");
    }
    return items;
  }

  /** The descriptors {@code index.json} lists. */
  private static List<JsonObject> topDescriptors(TarFiles reader) throws IOException {
    String label = reader.label();
    JsonObject index = JsonFields.object(reader.json("index.json"), "index.json", label);
    List<JsonObject> descriptors = new ArrayList<>();
    for (JsonElement element :
        JsonFields.array(index.get("manifests"), "manifests in index.json", label)) {
      descriptors.add(JsonFields.object(element, "a descriptor in index.json", label));
    }
    return descriptors;
  }

  private static String mediaType(JsonObject descriptor, String label) {
    return JsonFields.string(descriptor.get("mediaType"), "a descriptor's mediaType", label);
  }

  /** The platform of an index entry, or null when it names no os and architecture. */
  private static @Nullable Platform platformOf(JsonObject descriptor) {
    if (!(descriptor.get("platform") instanceof JsonObject platform)) {
      return null;
    }
    String os = text(platform.get("os"));
    String architecture = text(platform.get("architecture"));
    return os.isEmpty() || architecture.isEmpty()
        ? null
        : new Platform(os, architecture, text(platform.get("variant")));
  }

  private static String text(@Nullable JsonElement value) {
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  /** A JSON blob, held to its digest. */
  private static JsonObject json(TarFiles reader, Digest digest, String what, String label)
      throws IOException {
    byte[] bytes = reader.bytes(BlobPaths.of(digest));
    if (!digest.equals(Digest.sha256(bytes)) && digest.algorithm().equals("sha256")) {
      throw new ArchiveException(label + ": " + what + " blob does not hash to " + digest);
    }
    try {
      return JsonFields.object(JsonParser.parseString(TarIndex.utf8(bytes)), what, label);
    } catch (JsonParseException e) {
      throw new ArchiveException(label + ": " + what + " is not valid JSON", e);
    }
  }

  private static DockerManifest.Item item(
      JsonObject manifest, @Nullable String name, String label) {
    JsonObject config = JsonFields.object(manifest.get("config"), "the manifest's config", label);
    List<String> layers = new ArrayList<>();
    List<@Nullable Digest> digests = new ArrayList<>();
    for (JsonElement element :
        JsonFields.array(manifest.get("layers"), "the manifest's layers", label)) {
      Digest digest = digest(JsonFields.object(element, "a layer descriptor", label), label);
      layers.add(BlobPaths.of(digest));
      digests.add(digest);
    }
    List<String> names = name == null ? List.of() : List.of(name);
    return new DockerManifest.Item(
        BlobPaths.of(digest(config, label)), names, layers, digests, Map.of());
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
    String value = JsonFields.string(descriptor.get("digest"), "a descriptor's digest", label);
    try {
      return Digest.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ArchiveException(label + ": invalid digest " + value, e);
    }
  }
}
