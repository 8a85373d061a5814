package dev.ecrcname.archive;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.PulledImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Not a test: times {@link DockerArchive#write} on a large synthetic image, to run by hand with a
 * small heap, and leaves an OCI layout of the same blobs so skopeo can be timed on the same input.
 *
 * <pre>
 * ./mvnw -B -q -pl ecr-cname-archive test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * cd ecr-cname-archive
 * java -Xmx64m -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.ecrcname.archive.ArchiveWriteBenchmark /tmp/bench 4 256
 * time skopeo copy oci:/tmp/bench/oci docker-archive:/tmp/bench/skopeo.tar
 * </pre>
 */
public final class ArchiveWriteBenchmark {
  private static final int FILE_SIZE = 8 << 20;

  private ArchiveWriteBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/ecr-cname-bench");
    int layers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int megabytesPerLayer = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    PulledImage image = image(dir, layers, megabytesPerLayer);
    for (boolean compressed : new boolean[] {false, true, false, true}) {
      Path target = dir.resolve(compressed ? "compressed.tar" : "uncompressed.tar");
      long start = System.nanoTime();
      DockerArchive.write(
          image, target, WriteOptions.builder().compressedLayers(compressed).build());
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "%s: %d ms for %d MiB of output, max heap %d MiB%n",
          target.getFileName(),
          millis,
          Files.size(target) >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  /**
   * Layers of text-like random files (4 bits of entropy per byte, so gzip halves them), gzip level
   * 1.
   */
  static PulledImage image(Path dir, int layerCount, int megabytesPerLayer) throws IOException {
    Path blobs = dir.resolve("oci/blobs/sha256");
    Files.createDirectories(blobs);
    List<PulledImage.Layer> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < layerCount; i++) {
      Path temp = blobs.resolve("layer.tmp");
      MessageDigest diff = Digest.newSha256();
      try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
          OutputStream gzip =
              new GZIPOutputStream(file, 1 << 16) {
                {
                  def.setLevel(Deflater.BEST_SPEED);
                }
              };
          TarArchiveOutputStream tar =
              new TarArchiveOutputStream(new DigestOutputStream(gzip, diff))) {
        writeFiles(tar, i, megabytesPerLayer, random);
      }
      Digest blobDigest = Digest.sha256Of(sha256(temp));
      Path blob = blobs.resolve(blobDigest.hex());
      Files.move(temp, blob);
      diffIds.add(Digest.sha256Of(diff));
      String mediaType = "application/vnd.oci.image.layer.v1.tar+gzip";
      layers.add(
          new PulledImage.Layer(new Descriptor(mediaType, blobDigest, Files.size(blob)), blob));
    }
    byte[] config = TestImages.config(diffIds);
    Descriptor configDescriptor =
        new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length);
    Files.write(blobs.resolve(configDescriptor.digest().hex()), config);
    List<Descriptor> layerDescriptors = layers.stream().map(PulledImage.Layer::descriptor).toList();
    byte[] manifest = ArchiveJson.ociManifest(configDescriptor, layerDescriptors);
    Digest manifestDigest = Digest.sha256(manifest);
    Files.write(blobs.resolve(manifestDigest.hex()), manifest);
    writeLayout(dir.resolve("oci"), manifestDigest, manifest.length);
    return new PulledImage(
        TestImages.resolved("bench/big", "1.0", manifestDigest),
        MediaTypes.OCI_MANIFEST,
        manifest,
        configDescriptor,
        config,
        layers);
  }

  private static void writeFiles(
      TarArchiveOutputStream tar, int layer, int megabytes, SplittableRandom random)
      throws IOException {
    byte[] content = new byte[FILE_SIZE];
    for (int f = 0; f < megabytes * (1 << 20) / FILE_SIZE; f++) {
      for (int i = 0; i < content.length; i += 8) {
        long bits = random.nextLong();
        for (int b = 0; b < 8; b++) {
          content[i + b] = (byte) ('a' + ((bits >>> (b * 4)) & 0xf));
        }
      }
      TarArchiveEntry entry = new TarArchiveEntry("data/layer" + layer + "/file" + f + ".txt");
      entry.setSize(content.length);
      entry.setModTime(0);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
  }

  private static void writeLayout(Path oci, Digest manifest, int size) throws IOException {
    Files.writeString(
        oci.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
    String index =
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + manifest
            + "\",\"size\":"
            + size
            + "}]}";
    Files.writeString(oci.resolve("index.json"), index, StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256(Path file) throws IOException {
    MessageDigest hash = Digest.newSha256();
    try (var in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        hash.update(buffer, 0, n);
      }
    }
    return hash;
  }
}
