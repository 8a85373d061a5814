package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's registry operations (head, tag, delete, copy) against the stand-in through its CNAME.
 * Each test writes only to a repository of its own.
 */
class RegistryOperationsIT {
  static StandIn standIn;
  @TempDir Path cache;
  String repository;

  @BeforeAll
  static void standIn() {
    standIn = StandIn.require();
  }

  @BeforeEach
  void uniqueRepository() {
    repository = "core-it/ops-" + Long.toString(System.nanoTime(), 36);
  }

  RegistryClient client() {
    return TestClients.standIn(standIn)
        .cacheDirectory(cache)
        .platform(Platform.of("linux", "amd64"))
        .build();
  }

  /** Puts a seeded image into this test's repository with skopeo, every platform of an index. */
  void seedInto(String image, String tag) {
    String certs = standIn.caFile().getParent().toString();
    Command.of("skopeo", "copy", "--all", "--preserve-digests")
        .args("--authfile", standIn.dir().resolve("docker-config/config.json").toString())
        .args("--src-cert-dir", certs, "--dest-cert-dir", certs)
        .args(
            "docker://" + standIn.registryAuthority() + "/" + image,
            "docker://" + standIn.registryAuthority() + "/" + repository + ":" + tag)
        .run()
        .succeeded();
  }

  ImageReference ref(String tag) {
    return ImageReference.of(repository, tag);
  }

  @Test
  void retagThenPullByTheNewTag() {
    seedInto("app/small:1.0", "1.0");
    try (RegistryClient client = client()) {
      Digest digest = client.head(ref("1.0")).orElseThrow().digest();

      assertThat(client.tag(ref("1.0"), "stable")).isEqualTo(digest);

      PulledImage pulled = client.pull(ref("stable"));
      assertThat(pulled.manifestDigest()).isEqualTo(digest);
      assertThat(pulled.layers()).isNotEmpty();
    }
  }

  @Test
  void deleteByTagThenPullFailsWithNotFound() {
    seedInto("app/small:1.0", "1.0");
    try (RegistryClient client = client()) {
      Digest digest = client.head(ref("1.0")).orElseThrow().digest();

      assertThat(client.delete(ref("1.0"))).isEqualTo(digest);

      assertThat(client.exists(ref("1.0"))).isFalse();
      assertThatThrownBy(() -> client.pull(ref("1.0")))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("not found");
      assertThatThrownBy(() -> client.pull(ImageReference.of(repository, digest.toString())))
          .isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void copyOfASingleImageKeepsItsDigest() {
    try (RegistryClient client = client()) {
      Digest digest = client.head(ImageReference.of("app/small", "1.0")).orElseThrow().digest();

      CopyResult result = client.copy(ImageReference.of("app/small", "1.0"), ref("copied"));

      assertThat(result.digest()).isEqualTo(digest);
      assertThat(result.blobsCopied() + result.blobsMounted()).isPositive();
      assertThat(client.head(ref("copied")).orElseThrow().digest()).isEqualTo(digest);
      assertThat(client.pull(ref("copied")).manifestDigest()).isEqualTo(digest);
    }
  }

  @Test
  void copyOfTheMultiPlatformIndexKeepsEveryDigest() {
    ImageReference multi = ImageReference.of("app/multi", "1.0");
    try (RegistryClient client = client()) {
      FetchedManifest index = client.manifest(multi);

      CopyResult result = client.copy(multi, ref("1.0"));

      assertThat(result.digest()).isEqualTo(index.digest());
      assertThat(result.manifests()).isEqualTo(3);
      assertThat(client.manifest(ref("1.0")).bytes()).isEqualTo(index.bytes());
      Platform arm = Platform.of("linux", "arm64");
      assertThat(client.pull(ref("1.0"), arm, TransferListener.NONE).manifestDigest())
          .isEqualTo(client.pull(multi, arm, TransferListener.NONE).manifestDigest());
    }
  }

  @Test
  void copyBetweenTwoClientsStreamsWithNoFileOnEitherSide(@TempDir Path otherCache)
      throws Exception {
    try (RegistryClient source = client();
        RegistryClient target = TestClients.standIn(standIn).cacheDirectory(otherCache).build()) {
      Digest digest = source.head(ImageReference.of("app/small-oci", "1.0")).orElseThrow().digest();

      CopyResult result =
          source.copy(ImageReference.of("app/small-oci", "1.0"), target, ref("promoted"));

      assertThat(result.digest()).isEqualTo(digest);
      assertThat(result.blobsMounted()).as("no mount between two clients").isZero();
      assertThat(target.head(ref("promoted")).orElseThrow().digest()).isEqualTo(digest);
    }
    try (Stream<Path> files = Stream.concat(Files.walk(cache), Files.walk(otherCache))) {
      assertThat(files.filter(Files::isRegularFile)).as("no temp or cache file").isEmpty();
    }
  }

  @Test
  void aPulledImagePushedUnderANewNameKeepsItsImageIdAndPullsBack() {
    try (RegistryClient client = client()) {
      PulledImage image = client.pull(ImageReference.of("app/small-oci", "1.0"));

      PushResult pushed = client.push(ref("from-java"), image);

      assertThat(pushed.imageId()).isEqualTo(image.imageId());
      PulledImage back = client.pull(ref("from-java"));
      assertThat(back.imageId()).isEqualTo(image.imageId());
      assertThat(back.layers())
          .extracting(l -> l.descriptor().digest())
          .as("the layers go as stored: not recompressed")
          .isEqualTo(image.layers().stream().map(l -> l.descriptor().digest()).toList());
    }
  }

  @Test
  void headOfAMissingTagIsEmpty() {
    try (RegistryClient client = client()) {
      assertThat(client.head(ImageReference.of("app/small", "no-such-tag"))).isEmpty();
      assertThat(client.exists(ImageReference.of("app/small", "1.0"))).isTrue();
    }
  }
}
