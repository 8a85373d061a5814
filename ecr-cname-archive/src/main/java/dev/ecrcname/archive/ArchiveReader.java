package dev.ecrcname.archive;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.Platform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an image back from a tarball: {@code docker save} of Docker 20.10 ({@code <id>/layer.tar})
 * and 25+ (OCI layout inside), containerd exports (compressed blobs), crane tarballs ({@code
 * <hex>.tar.gz}, config {@code sha256:<hex>}), plain OCI archives (no {@code manifest.json}) and
 * our own output. A gzip- or zstd-compressed tarball is first decompressed into the temp directory,
 * since entries must be addressable by offset.
 */
final class ArchiveReader implements TarFiles {
  /**
   * manifest.json, index.json, image manifests and configs are small; anything bigger is refused
   * unread.
   */
  static final int MAX_JSON = 8 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveReader.class);

  /**
   * A legacy name that merely looks like a digest ({@code <hex>.json}, crane's {@code
   * sha256:<hex>}).
   */
  private static final Pattern LOOKS_LIKE_A_DIGEST =
      Pattern.compile("(?:.*/)?(?:sha256:)?([a-f0-9]{64})(?:\\.json)?");

  private final Path tar;
  private final String label;
  private final FileChannel channel;
  private final TarIndex index;

  private ArchiveReader(Path tar, String label, FileChannel channel, TarIndex index) {
    this.tar = tar;
    this.label = label;
    this.channel = channel;
    this.index = index;
  }

  static ImageSource read(Path file, @Nullable String imageName) {
    return open(file, (reader, scratch) -> reader.image(imageName, Scratch.of(scratch, 1)));
  }

  static List<ImageSource> readPlatforms(Path file, @Nullable String imageName) {
    return open(file, (reader, scratch) -> reader.platforms(imageName, scratch));
  }

  /** What to read from an opened tarball; on success the result owns the scratch copy. */
  @FunctionalInterface
  private interface Body<T> {
    T read(ArchiveReader reader, @Nullable Path scratch) throws IOException;
  }

  private static <T> T open(Path file, Body<T> body) {
    String label = file.toString();
    Path scratch = null;
    try {
      scratch = Scratch.decompressedCopy(file, label);
      Path tar = scratch != null ? scratch : file;
      try (FileChannel channel = FileChannel.open(tar, StandardOpenOption.READ)) {
        ArchiveReader reader =
            new ArchiveReader(tar, label, channel, TarIndex.read(channel, label));
        T result = body.read(reader, scratch);
        scratch = null;
        return result;
      }
    } catch (IOException e) {
      throw new ArchiveException("cannot read " + label + ": " + e, e);
    } finally {
      if (scratch != null) {
        TempArea.deleteRecursively(scratch);
      }
    }
  }

  /**
   * Every platform's image of the tarball's multi-platform index (the one named {@code imageName}
   * when not null), or the one image of a tarball without one. The images share the scratch copy,
   * deleted when the last is closed.
   */
  private List<ImageSource> platforms(@Nullable String imageName, @Nullable Path scratch)
      throws IOException {
    List<OciLayout.PlatformImage> images = indexImages(imageName);
    if (images.isEmpty()) {
      return List.of(image(imageName, Scratch.of(scratch, 1)));
    }
    Scratch shared = Scratch.of(scratch, images.size());
    List<ImageSource> sources = new ArrayList<>();
    for (OciLayout.PlatformImage image : images) {
      sources.add(source(image.item(), shared, image.platform()));
    }
    return List.copyOf(sources);
  }

  /**
   * The platforms' images of the multi-platform index {@code index.json} names; none when it names
   * no index, or when it cannot be used and {@code manifest.json} is there to read instead, as
   * {@code docker load} does (issue 21, defect 16: real saves carry such an {@code index.json}).
   */
  private List<OciLayout.PlatformImage> indexImages(@Nullable String imageName) throws IOException {
    if (!index.contains("index.json")) {
      return List.of();
    }
    try {
      return OciLayout.platforms(this, imageName);
    } catch (OciLayout.UnusableIndex e) {
      if (!index.contains("manifest.json")) {
        throw e;
      }
      LOG.info("{}; reading manifest.json instead, as docker load does", e.getMessage());
      return List.of();
    }
  }

  /** Whether the tarball holds {@code path}, as a regular file. */
  @Override
  public boolean holds(String path) {
    return index.contains(path);
  }

  private ImageSource image(@Nullable String imageName, @Nullable Scratch scratch)
      throws IOException {
    if (index.contains("manifest.json")) {
      DockerManifest.Item item =
          DockerManifest.select(json("manifest.json"), imageName, this::imageId, label);
      return source(item, scratch, null);
    }
    if (index.contains("index.json")) {
      return source(OciLayout.select(this, imageName), scratch, null);
    }
    throw new ArchiveException(
        label
            + " has neither manifest.json nor index.json; it is not a docker save or OCI image archive (rule: docker"
            + " load needs manifest.json; the pre-1.10 layout, repositories and <id>/json alone, has no image config)");
  }

  private ImageSource source(
      DockerManifest.Item item, @Nullable Scratch scratch, @Nullable Platform platform)
      throws IOException {
    byte[] config = configBytes(item);
    checkConfigName(item.config(), Digest.sha256(config));
    List<Digest> diffIds = ImageConfig.parse(config, label).diffIds();
    if (diffIds.size() != item.layers().size()) {
      throw new ArchiveException(
          label
              + ": manifest.json lists "
              + item.layers().size()
              + " layers but the config has "
              + diffIds.size()
              + "; docker load refuses that too (rule: one layer file per rootfs.diff_ids entry)");
    }
    List<ImageSource.Layer> layers = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      Digest diffId = diffIds.get(i);
      layers.add(
          layer(
              item.layers().get(i),
              diffId,
              item.layerDigests().get(i),
              item.layerSources().get(diffId),
              i));
    }
    return new ArchiveImageSource(config, layers, item.repoTags(), scratch, platform);
  }

  private byte[] configBytes(DockerManifest.Item item) throws IOException {
    return bytes(item.config());
  }

  private Digest imageId(DockerManifest.Item item) {
    try {
      return Digest.sha256(configBytes(item));
    } catch (IOException e) {
      throw new ArchiveException("cannot read " + label + ": " + e, e);
    }
  }

  /**
   * docker load takes the image ID from the config's bytes and never looks at its file name (moby
   * image/tarexport/load.go), and older build tools rewrite a config after naming it (issue 16). So
   * only an OCI blob path must hash to its name; a legacy name that does not is noted in the debug
   * log (the CLI's {@code -v}).
   */
  private void checkConfigName(String path, Digest actual) {
    String clean = TarIndex.clean(path, label);
    Optional<Digest> addressed = BlobPaths.contentAddress(clean);
    if (addressed.isPresent() && !addressed.get().equals(actual)) {
      throw new ArchiveException(
          label
              + ": config '"
              + path
              + "' hashes to "
              + actual
              + "; rule: a file under"
              + " blobs/sha256/ is content-addressed and must hash to its name");
    }
    Matcher legacy = LOOKS_LIKE_A_DIGEST.matcher(clean);
    if (addressed.isEmpty() && legacy.matches() && !legacy.group(1).equals(actual.hex())) {
      LOG.debug(
          "{}: config '{}' hashes to {}, not to its name; docker load ignores the name, and so does push",
          label,
          path,
          actual);
    }
  }

  /**
   * The digest the stored bytes must have, checked as they stream: the one a descriptor declared,
   * else their content address, else a {@code LayerSources} descriptor of the same size (Docker 25+
   * lists the source blob of a layer there; when it is not the stored bytes, its size differs),
   * else the diff_id for a plain tar. A legacy name is not one: crane's {@code <hex>.tar.gz} is
   * hashed by push like any other unnamed blob.
   */
  private @Nullable Digest storedDigest(
      String path,
      @Nullable Digest declared,
      @Nullable Descriptor source,
      long size,
      Compression compression,
      Digest diffId) {
    Optional<Digest> addressed = BlobPaths.contentAddress(path);
    Optional<Digest> described =
        Optional.ofNullable(source).filter(s -> s.size() == size).map(Descriptor::digest);
    if (addressed.isPresent() && described.isPresent() && !addressed.equals(described)) {
      throw new ArchiveException(
          label
              + ": LayerSources describes '"
              + path
              + "' (same size) as "
              + described.get()
              + ", but it is stored as "
              + addressed.get()
              + "; rule: content-addressed bytes, a blobs/sha256/ file or"
              + " what a descriptor describes, must hash to their digest");
    }
    if (declared != null) {
      return declared;
    }
    return addressed.or(() -> described).orElse(compression == Compression.NONE ? diffId : null);
  }

  private ImageSource.Layer layer(
      String path,
      Digest diffId,
      @Nullable Digest declared,
      @Nullable Descriptor source,
      int number)
      throws IOException {
    TarIndex.Entry entry = index.file(path);
    Compression compression;
    try (InputStream head =
        new BufferedInputStream(RegionInputStream.open(tar, entry.offset(), entry.size()), 8)) {
      compression = Compression.sniff(head);
    }
    Digest storedDigest =
        storedDigest(
            TarIndex.clean(path, label), declared, source, entry.size(), compression, diffId);
    String what = "layer " + number + " ('" + path + "') of " + label;
    Path file = tar;
    // Every stream checks the diff_id (VerifyingLayerStream), so push does not hash the layer
    // again.
    ImageSource.Content content =
        new ImageSource.Content() {
          @Override
          public InputStream open() throws IOException {
            return new VerifyingLayerStream(
                RegionInputStream.open(file, entry.offset(), entry.size()),
                compression,
                diffId,
                storedDigest,
                what);
          }

          @Override
          public boolean checksDiffId() {
            return true;
          }
        };
    return new ImageSource.Layer(diffId, compression, entry.size(), storedDigest, content);
  }

  @Override
  public JsonElement json(String path) throws IOException {
    try {
      return JsonParser.parseString(TarIndex.utf8(bytes(path)));
    } catch (JsonParseException e) {
      throw new ArchiveException(label + ": '" + path + "' is not valid JSON", e);
    }
  }

  @Override
  public byte[] bytes(String path) throws IOException {
    return TarIndex.readSmall(channel, index.file(path), MAX_JSON, label);
  }

  @Override
  public String label() {
    return label;
  }
}
