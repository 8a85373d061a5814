package dev.ecrcname.archive;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.FetchedManifest;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.MultiPlatformImage;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/**
 * Builds small images in-process, as a registry would serve them: layer tars made with Commons
 * Compress (an implementation independent of ours), compressed, written as blobs into a directory,
 * with a config and a manifest.
 */
final class TestImages {
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  static final String REPOSITORY = "app/small";
  static final String DOCKER_MANIFEST = MediaTypes.DOCKER_MANIFEST;

  private TestImages() {}

  /** How a layer blob is compressed, and the media type a registry labels it with. */
  enum Codec {
    NONE("application/vnd.oci.image.layer.v1.tar"),
    GZIP("application/vnd.docker.image.rootfs.diff.tar.gzip"),
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    final String mediaType;

    Codec(String mediaType) {
      this.mediaType = mediaType;
    }

    byte[] compress(byte[] tar) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (OutputStream out = wrap(bytes)) {
        out.write(tar);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    private OutputStream wrap(OutputStream out) throws IOException {
      return switch (this) {
        case NONE -> out;
        case GZIP -> new GZIPOutputStream(out);
        case ZSTD -> new ZstdCompressorOutputStream(out);
      };
    }
  }

  /**
   * A layer tar with the entry kinds that matter: files, directories, symlinks, hard links,
   * whiteouts.
   */
  static final class Layer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    Layer() {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    Layer directory(String path) {
      return put(
          entry(path.endsWith("/") ? path : path + "/", TarConstants.LF_DIR, 0755), new byte[0]);
    }

    Layer file(String path, String content) {
      return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    Layer file(String path, byte[] content, int mode) {
      TarArchiveEntry entry = entry(path, TarConstants.LF_NORMAL, mode);
      entry.setSize(content.length);
      return put(entry, content);
    }

    Layer symlink(String path, String target) {
      TarArchiveEntry entry = entry(path, TarConstants.LF_SYMLINK, 0777);
      entry.setLinkName(target);
      return put(entry, new byte[0]);
    }

    Layer hardlink(String path, String target) {
      TarArchiveEntry entry = entry(path, TarConstants.LF_LINK, 0644);
      entry.setLinkName(target);
      return put(entry, new byte[0]);
    }

    /** An AUFS/OCI whiteout: {@code dir/.wh.name} hides {@code dir/name} of the layers below. */
    Layer whiteout(String directory, String name) {
      return file(directory + "/.wh." + name, new byte[0], 0644);
    }

    byte[] tar() {
      try {
        tar.finish();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    private static TarArchiveEntry entry(String path, byte type, int mode) {
      TarArchiveEntry entry = new TarArchiveEntry(path, type);
      int kind =
          type == TarConstants.LF_DIR
              ? 040000
              : type == TarConstants.LF_SYMLINK ? 0120000 : 0100000;
      entry.setMode(kind | mode);
      entry.setModTime(new Date(1_700_000_000_000L));
      return entry;
    }

    private Layer put(TarArchiveEntry entry, byte[] content) {
      try {
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }

  /**
   * The three-layer image most tests use: a base, a middle layer with links and a long path, a top
   * with a whiteout.
   */
  static List<byte[]> standardLayers() {
    String deep = "deep/" + "directory-with-a-long-name/".repeat(5) + "file.txt";
    return List.of(
        new Layer()
            .directory("etc")
            .file("etc/bottom.txt", "bottom\n")
            .file("etc/deleted.txt", "deleted\n")
            .tar(),
        new Layer()
            .directory("etc")
            .file("etc/middle.txt", "middle\n")
            .symlink("etc/link", "middle.txt")
            .hardlink("etc/hard", "etc/middle.txt")
            .file(deep, "deep\n")
            .tar(),
        new Layer().tar(),
        new Layer()
            .directory("etc")
            .file("etc/top.txt", "top\n")
            .whiteout("etc", "deleted.txt")
            .tar());
  }

  /** Writes the blobs into {@code dir} and describes them as a registry would. */
  static PulledImage image(Path dir, String reference, List<byte[]> layerTars, Codec codec) {
    return image(dir, reference, layerTars, codec, diffIds(layerTars));
  }

  /**
   * As {@link #image(Path, String, List, Codec)}, with the config claiming {@code diffIds} (to
   * build bad images).
   */
  static PulledImage image(
      Path dir, String reference, List<byte[]> layerTars, Codec codec, List<Digest> diffIds) {
    return image(dir, reference, layerTars, codec.mediaType, codec::compress, config(diffIds));
  }

  /**
   * With a compressor of the test's own (e.g. one writing several gzip members) and the config's
   * bytes ({@link #config(List, String)}).
   */
  static PulledImage image(
      Path dir,
      String reference,
      List<byte[]> layerTars,
      String mediaType,
      UnaryOperator<byte[]> compressor,
      byte[] config) {
    List<PulledImage.Layer> layers = new ArrayList<>();
    for (byte[] tar : layerTars) {
      byte[] blob = compressor.apply(tar);
      Descriptor descriptor = new Descriptor(mediaType, Digest.sha256(blob), blob.length);
      layers.add(new PulledImage.Layer(descriptor, writeBlob(dir, blob)));
    }
    Descriptor configDescriptor =
        new Descriptor(MediaTypes.DOCKER_CONFIG, Digest.sha256(config), config.length);
    byte[] manifest = manifest(configDescriptor, layers);
    return new PulledImage(
        resolved(REPOSITORY, reference, Digest.sha256(manifest)),
        DOCKER_MANIFEST,
        manifest,
        configDescriptor,
        config,
        layers);
  }

  /**
   * An amd64 image (the standard layers) and an arm64 one (one layer of its own) under an OCI index
   * that lists them, plus any {@code extraEntries} (e.g. an attestation) the pull left out.
   */
  static MultiPlatformImage multiPlatform(
      Path dir, String reference, Codec codec, String... extraEntries) {
    PulledImage amd = image(dir, reference, standardLayers(), codec);
    List<byte[]> armLayers =
        List.of(new Layer().directory("etc").file("etc/arm.txt", "arm\n").tar());
    PulledImage arm =
        image(
            dir,
            reference,
            armLayers,
            codec.mediaType,
            codec::compress,
            config(diffIds(armLayers), "arm64"));
    List<String> entries = new ArrayList<>();
    entries.add(indexEntry(DOCKER_MANIFEST, amd.manifest(), "amd64"));
    entries.add(indexEntry(DOCKER_MANIFEST, arm.manifest(), "arm64"));
    entries.addAll(List.of(extraEntries));
    byte[] index = ociIndex(entries);
    return new MultiPlatformImage(
        resolved(REPOSITORY, reference, Digest.sha256(index)),
        Optional.of(new FetchedManifest(Digest.sha256(index), MediaTypes.OCI_INDEX, index)),
        List.of(
            new MultiPlatformImage.Entry(Platform.of("linux", "amd64"), amd),
            new MultiPlatformImage.Entry(Platform.of("linux", "arm64"), arm)));
  }

  /**
   * What a client's result names: {@link #REGISTRY}, the repository, the tag (none when {@code
   * reference} is a digest) and the digest resolved.
   */
  static ImageReference resolved(String repository, String reference, Digest digest) {
    return new ImageReference(
        RegistryHost.parse(REGISTRY),
        repository,
        Digest.isDigest(reference) ? null : reference,
        digest);
  }

  /** A buildx attestation entry of an index, for {@link #multiPlatform}. */
  static String attestationEntry() {
    return indexEntry(MediaTypes.OCI_MANIFEST, new byte[] {'{', '}'}, "unknown");
  }

  /** An index entry describing {@code content}, for an {@code os} linux or unknown platform. */
  static String indexEntry(String mediaType, byte[] content, String architecture) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"size\":"
        + content.length
        + ",\"digest\":\""
        + Digest.sha256(content)
        + "\",\"platform\":{\"architecture\":\""
        + architecture
        + "\",\"os\":\""
        + (architecture.equals("unknown") ? "unknown" : "linux")
        + "\"}}";
  }

  /** An OCI index of the given entries ({@link #indexEntry}). */
  static byte[] ociIndex(List<String> entries) {
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + String.join(",", entries)
            + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * gzip as pigz may write it: one member per half, so the trailer states only the last member's
   * size.
   */
  static byte[] gzipInTwoMembers(byte[] tar) {
    int half = tar.length / 2;
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(Codec.GZIP.compress(java.util.Arrays.copyOfRange(tar, 0, half)));
    both.writeBytes(Codec.GZIP.compress(java.util.Arrays.copyOfRange(tar, half, tar.length)));
    return both.toByteArray();
  }

  static List<Digest> diffIds(List<byte[]> layerTars) {
    return layerTars.stream().map(Digest::sha256).collect(Collectors.toList());
  }

  static byte[] config(List<Digest> diffIds) {
    return config(diffIds, "amd64");
  }

  static byte[] config(List<Digest> diffIds, String architecture) {
    String ids = diffIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
    String json =
        "{\"architecture\":\""
            + architecture
            + "\",\"os\":\"linux\","
            + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"busybox\",\"sh\"]},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + ids
            + "]}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] manifest(Descriptor config, List<PulledImage.Layer> layers) {
    String layerJson =
        layers.stream()
            .map(layer -> descriptorJson(layer.descriptor()))
            .collect(Collectors.joining(","));
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + DOCKER_MANIFEST
            + "\",\"config\":"
            + descriptorJson(config)
            + ",\"layers\":["
            + layerJson
            + "]}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String descriptorJson(Descriptor descriptor) {
    return "{\"mediaType\":\""
        + descriptor.mediaType()
        + "\",\"size\":"
        + descriptor.size()
        + ",\"digest\":\""
        + descriptor.digest()
        + "\"}";
  }

  static Path writeBlob(Path dir, byte[] blob) {
    try {
      Path file = dir.resolve(Digest.sha256(blob).hex());
      Files.createDirectories(dir);
      Files.write(file, blob);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
