package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local machine misbehaves: a full disk, a read-only output directory or cache. Small tmpfs
 * mounts make the faults real; mounting needs root, which CI has; elsewhere these tests are skipped
 * by assumption.
 */
class LocalFaultsTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path dir;
  final List<Path> mounts = new ArrayList<>();

  /** A tmpfs of {@code size} (e.g. {@code 512k}) at a fresh directory, with extra options. */
  Path tmpfs(String name, String options) throws Exception {
    Path at = Files.createDirectories(dir.resolve(name));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString())
            .redirectErrorStream(true)
            .start();
    boolean done = mount.waitFor(20, TimeUnit.SECONDS);
    assumeTrue(done && mount.exitValue() == 0, "mounting a tmpfs needs root");
    mounts.add(at);
    return at;
  }

  @AfterEach
  void unmount() throws Exception {
    for (Path at : mounts) {
      new ProcessBuilder("umount", at.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** A pulled image of about 2 MB of incompressible bytes, its blobs in {@code dir}. */
  PulledImage bigImage() {
    byte[] noise = new byte[2_000_000];
    new Random(12).nextBytes(noise);
    byte[] tar = new TestImages.Layer().file("noise.bin", noise, 0644).tar();
    return TestImages.image(dir.resolve("blobs"), "1.0", List.of(tar), Codec.GZIP);
  }

  @Test
  void aFullDiskWhileWritingTheTarballLeavesNoFileAndSaysSo() throws Exception {
    Path small = tmpfs("small", "size=512k");
    Path target = small.resolve("out.tar");

    assertThatThrownBy(() -> DockerArchive.write(bigImage(), target))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("No space left on device");
    try (var left = Files.list(small)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aReadOnlyOutputDirectoryIsAClearErrorAndLeavesNothing() throws Exception {
    Path readOnly = tmpfs("ro", "size=512k,ro");
    Path target = readOnly.resolve("out.tar");

    assertThatThrownBy(() -> DockerArchive.write(bigImage(), target))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(readOnly.toString());
    try (var left = Files.list(readOnly)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aReadOnlyCacheDirectoryIsAClearErrorNamingIt() throws Exception {
    Path cache = tmpfs("cache", "size=512k,ro");
    PulledImage image = bigImage();
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    blobs.put(image.config().digest().toString(), image.configBytes());
    for (PulledImage.Layer l : image.layers()) {
      blobs.put(l.descriptor().digest().toString(), Files.readAllBytes(l.blob()));
    }
    registry.image(
        "app/big",
        "1.0",
        image.manifestMediaType(),
        image.manifestDigest().toString(),
        image.manifest(),
        blobs);
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      assertThatThrownBy(() -> client.pull("app/big", "1.0"))
          .isInstanceOf(EcrCnameException.class)
          .hasMessageContaining("cache")
          .hasMessageContaining(cache.toString());
    }
  }
}
