package dev.ecrcname.core.internal.image;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Compression;
import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PulledImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PulledImage} as something to push: its config bytes unchanged (so the image ID stays)
 * and its layers from the verified blobs it already holds, still compressed as the registry stored
 * them, so nothing is downloaded again or recompressed.
 */
final class PulledImageSource implements ImageSource {
  private final PulledImage image;
  private final @Nullable Platform platform;
  private final List<Layer> layers;

  PulledImageSource(PulledImage image) {
    this(image, null);
  }

  /** With the platform an index named for the image. */
  PulledImageSource(PulledImage image, @Nullable Platform platform) {
    this.image = image;
    this.platform = platform;
    List<Digest> diffIds = diffIds(image);
    List<Layer> list = new ArrayList<>();
    for (int i = 0; i < image.layers().size(); i++) {
      Descriptor d = image.layers().get(i).descriptor();
      Path blob = image.layers().get(i).blob();
      list.add(
          new Layer(
              diffIds.get(i),
              Compression.ofMediaType(d.mediaType()),
              d.size(),
              d.digest(),
              () -> Files.newInputStream(blob)));
    }
    this.layers = List.copyOf(list);
  }

  @Override
  public Optional<Platform> platform() {
    return Optional.ofNullable(platform);
  }

  /** The config's {@code rootfs.diff_ids}, one per layer. */
  private static List<Digest> diffIds(PulledImage image) {
    List<Digest> diffIds = new ArrayList<>();
    try {
      JsonElement config =
          JsonParser.parseString(new String(image.configBytes(), StandardCharsets.UTF_8));
      JsonElement rootfs = config.isJsonObject() ? config.getAsJsonObject().get("rootfs") : null;
      JsonElement ids =
          rootfs != null && rootfs.isJsonObject() ? rootfs.getAsJsonObject().get("diff_ids") : null;
      if (ids == null || !ids.isJsonArray()) {
        throw invalid(image, "its config has no rootfs.diff_ids");
      }
      for (JsonElement id : ids.getAsJsonArray()) {
        diffIds.add(Digest.parse(id.getAsString()));
      }
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw invalid(image, "its config has no readable rootfs.diff_ids");
    } catch (IllegalArgumentException e) {
      throw invalid(image, "its config has a malformed diff_id: " + e.getMessage());
    }
    if (diffIds.size() != image.layers().size()) {
      throw invalid(
          image,
          "its config lists "
              + diffIds.size()
              + " diff_ids for "
              + image.layers().size()
              + " layers");
    }
    return diffIds;
  }

  private static ContentException invalid(PulledImage image, String why) {
    return new ContentException(
        ContentException.Problem.INVALID, "cannot push " + image + ": " + why);
  }

  @Override
  public byte[] configBytes() {
    return image.configBytes();
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public List<String> names() {
    return image.pulledByTag()
        ? List.of(image.reference().withRegistry(null).withDigest(null).toString())
        : List.of();
  }

  @Override
  public void close() {}
}
