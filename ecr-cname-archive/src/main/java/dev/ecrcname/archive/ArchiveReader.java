package dev.ecrcname.archive;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads an image back from a tarball: {@code docker save} of Docker 20.10 ({@code <id>/layer.tar}) and 25+ (OCI
 * layout inside), containerd exports (compressed blobs), crane tarballs ({@code <hex>.tar.gz}, config {@code
 * sha256:<hex>}), plain OCI archives (no {@code manifest.json}) and our own output. A gzip- or zstd-compressed tarball
 * is first decompressed into the temp directory, since entries must be addressable by offset.
 */
final class ArchiveReader {
  /** Decompressing a tarball stops when the temp file system would have less than this (or 5%) left. */
  private static final long MIN_FREE_BYTES = 1L << 30;
  private static final long CHECK_EVERY_BYTES = 64L << 20;

  /** manifest.json, index.json, image manifests and configs are small; anything bigger is refused unread. */
  static final int MAX_JSON = 8 << 20;

  private static final Pattern NAMED_BY_DIGEST =
      Pattern.compile("(?:.*/)?(?:blobs/sha256/|sha256:)?([a-f0-9]{64})(?:\\.json|\\.tar|\\.tar\\.gz|\\.tar\\.zst)?");

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
    String label = file.toString();
    Path scratch = null;
    try {
      scratch = decompressedCopy(file, label);
      Path tar = scratch != null ? scratch : file;
      try (FileChannel channel = FileChannel.open(tar, StandardOpenOption.READ)) {
        ArchiveReader reader = new ArchiveReader(tar, label, channel, TarIndex.read(channel, label));
        ImageSource source = reader.image(imageName, scratch);
        scratch = null;
        return source;
      }
    } catch (IOException e) {
      throw new ArchiveException("cannot read " + label + ": " + e, e);
    } finally {
      if (scratch != null) {
        TempArea.deleteRecursively(scratch);
      }
    }
  }

  private ImageSource image(@Nullable String imageName, @Nullable Path scratch) throws IOException {
    if (index.contains("manifest.json")) {
      DockerManifest.Item item = DockerManifest.select(json("manifest.json"), imageName, label);
      return source(item, scratch);
    }
    if (index.contains("index.json")) {
      return source(OciLayout.select(this, imageName), scratch);
    }
    throw new ArchiveException(
        label + " has neither manifest.json nor index.json; it is not a docker save or OCI image archive");
  }

  private ImageSource source(DockerManifest.Item item, @Nullable Path scratch) throws IOException {
    byte[] config = bytes(item.config());
    digestInName(item.config())
        .filter(named -> !named.equals(Digest.sha256(config)))
        .ifPresent(
            named -> {
              throw new ArchiveException(label + ": config '" + item.config() + "' does not hash to its name");
            });
    List<Digest> diffIds = ImageConfig.parse(config, label).diffIds();
    if (diffIds.size() != item.layers().size()) {
      throw new ArchiveException(
          label + ": manifest.json lists " + item.layers().size() + " layers but the config has " + diffIds.size());
    }
    List<ImageSource.Layer> layers = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      layers.add(layer(item.layers().get(i), diffIds.get(i), item.layerDigests().get(i), i));
    }
    return new ArchiveImageSource(config, layers, item.repoTags(), scratch);
  }

  private ImageSource.Layer layer(String path, Digest diffId, @Nullable Digest declared, int number)
      throws IOException {
    TarIndex.Entry entry = index.file(path);
    Compression compression;
    try (InputStream head = new BufferedInputStream(RegionInputStream.open(tar, entry.offset(), entry.size()), 8)) {
      compression = Compression.sniff(head);
    }
    Digest stored = declared;
    if (stored == null) {
      stored = compression == Compression.NONE ? diffId : digestInName(path).orElse(null);
    }
    Digest storedDigest = stored;
    String what = "layer " + number + " ('" + path + "') of " + label;
    Path file = tar;
    // Every stream checks the diff_id (VerifyingLayerStream), so push does not hash the layer again.
    ImageSource.Content content = new ImageSource.Content() {
      @Override
      public InputStream open() throws IOException {
        return new VerifyingLayerStream(
            RegionInputStream.open(file, entry.offset(), entry.size()), compression, diffId, storedDigest, what);
      }

      @Override
      public boolean checksDiffId() {
        return true;
      }
    };
    return new ImageSource.Layer(diffId, compression, entry.size(), storedDigest, content);
  }

  /** A content-addressed name ({@code blobs/sha256/<hex>}, {@code <hex>.json}, crane's {@code <hex>.tar.gz}). */
  static Optional<Digest> digestInName(String path) {
    if (path.endsWith("/layer.tar")) {
      return Optional.empty();
    }
    Matcher matcher = NAMED_BY_DIGEST.matcher(path);
    return matcher.matches() ? Optional.of(new Digest("sha256", matcher.group(1))) : Optional.empty();
  }

  JsonElement json(String path) throws IOException {
    try {
      return JsonParser.parseString(TarIndex.utf8(bytes(path)));
    } catch (JsonParseException e) {
      throw new ArchiveException(label + ": '" + path + "' is not valid JSON", e);
    }
  }

  byte[] bytes(String path) throws IOException {
    return TarIndex.readSmall(channel, index.file(path), MAX_JSON, label);
  }

  String label() {
    return label;
  }

  /** A compressed tarball (as {@code docker save | gzip} makes) decompressed into the temp directory, or null. */
  private static @Nullable Path decompressedCopy(Path file, String label) throws IOException {
    try (InputStream in = new BufferedInputStream(Decompression.open(file), Decompression.BUFFER)) {
      Compression compression = Compression.sniff(in);
      if (compression == Compression.NONE) {
        return null;
      }
      Path scratch = Files.createTempFile("ecr-cname-archive-", ".tar");
      try (InputStream decompressed = Decompression.open(compression, in);
          OutputStream out = Files.newOutputStream(scratch)) {
        FileStore store = Files.getFileStore(scratch);
        copyLeavingRoom(decompressed, out, scratch, label, Math.max(MIN_FREE_BYTES, store.getTotalSpace() / 20));
        return scratch;
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(scratch);
        if (e instanceof ArchiveException archive) {
          throw archive;
        }
        throw new ArchiveException(label + " looks " + compression + "-compressed but does not decompress: " + e, e);
      }
    }
  }

  /**
   * Copies, but stops before the temp file system is nearly full: a small gzip can claim terabytes (a "gzip bomb"),
   * and filling /tmp would hurt everything else on the machine.
   */
  static void copyLeavingRoom(InputStream in, OutputStream out, Path scratch, String label, long reserve)
      throws IOException {
    FileStore store = Files.getFileStore(scratch);
    byte[] buffer = new byte[Decompression.BUFFER];
    long written = 0;
    long nextCheck = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      if (written >= nextCheck) {
        if (store.getUsableSpace() < reserve) {
          throw new ArchiveException(label + " decompresses to more than the " + scratch.getParent()
              + " file system can take (stopped after " + written + " bytes); decompress it where there is room,"
              + " or point java.io.tmpdir there");
        }
        nextCheck = written + CHECK_EVERY_BYTES;
      }
      out.write(buffer, 0, n);
      written += n;
    }
  }

  static JsonObject object(@Nullable JsonElement element, String what, String label) {
    if (element instanceof JsonObject object) {
      return object;
    }
    throw new ArchiveException(label + ": " + what + " is not a JSON object");
  }

  static JsonArray array(@Nullable JsonElement element, String what, String label) {
    if (element instanceof JsonArray array) {
      return array;
    }
    throw new ArchiveException(label + ": " + what + " is not a JSON array");
  }

  static String string(@Nullable JsonElement element, String what, String label) {
    if (element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
      return element.getAsString();
    }
    throw new ArchiveException(label + ": " + what + " is not a string");
  }
}
