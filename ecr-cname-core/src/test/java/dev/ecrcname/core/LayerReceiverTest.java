package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RegistryClient.pull(image, LayerReceiver): each layer's bytes reach the receiver on the pass that
 * verifies them, once per layer, whether downloaded or cached (issue 23).
 */
class LayerReceiverTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  final FakeImage image = FakeImage.create("amd64", 5_000, 3_000);
  final ImageReference ref = ImageReference.of("app/small", "1.0");

  /** Keeps what each layer received, and how often it was restarted and verified. */
  static class Recorder implements LayerReceiver {
    final List<Descriptor> announced = new ArrayList<>();
    final Map<Digest, ByteArrayOutputStream> bytes = new ConcurrentHashMap<>();
    final Map<Digest, Integer> restarts = new ConcurrentHashMap<>();
    final Map<Digest, Integer> verified = new ConcurrentHashMap<>();

    @Override
    public void layers(List<Descriptor> layers) {
      announced.addAll(layers);
    }

    @Override
    public Optional<Layer> open(Descriptor layer) {
      Digest digest = layer.digest();
      ByteArrayOutputStream out = bytes.computeIfAbsent(digest, d -> new ByteArrayOutputStream());
      return Optional.of(
          new Layer() {
            @Override
            public void write(byte[] b, int offset, int length) throws IOException {
              out.write(b, offset, length);
            }

            @Override
            public void restart() {
              out.reset();
              restarts.merge(digest, 1, Integer::sum);
            }

            @Override
            public void verified() {
              verified.merge(digest, 1, Integer::sum);
            }
          });
    }
  }

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  Path entry(Digest digest) {
    return cache.resolve("blobs/sha256").resolve(digest.hex());
  }

  void assertEveryLayerReceivedAndVerifiedOnce(Recorder recorder) {
    for (byte[] layer : image.layers()) {
      Digest digest = Digest.sha256(layer);
      assertThat(recorder.bytes.get(digest).toByteArray()).isEqualTo(layer);
      assertThat(recorder.verified.get(digest)).isEqualTo(1);
    }
  }

  @Test
  void aDownloadedLayerReachesTheReceiverFromTheBytesThatFillTheCache() throws Exception {
    registry.image("app/small", "1.0", image);
    Recorder recorder = new Recorder();
    try (RegistryClient client = client()) {
      PulledImage pulled = client.pull(ref, recorder);
      assertThat(recorder.announced)
          .isEqualTo(pulled.layers().stream().map(PulledImage.Layer::descriptor).toList());
    }
    assertEveryLayerReceivedAndVerifiedOnce(recorder);
    for (byte[] layer : image.layers()) {
      assertThat(Files.readAllBytes(entry(Digest.sha256(layer)))).isEqualTo(layer);
    }
  }

  @Test
  void aCachedLayerIsReadIntoTheReceiverWithoutADownload() throws Exception {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = client()) {
      client.pull(ref);
    }
    Recorder recorder = new Recorder();
    Digest first = Digest.sha256(image.layers().get(0));
    try (RegistryClient client = client()) {
      client.pull(ref, recorder);
    }
    assertEveryLayerReceivedAndVerifiedOnce(recorder);
    assertThat(registry.blobGets(first)).as("GETs over both pulls").isEqualTo(1);
  }

  @Test
  void aSameSizeForgedCachedLayerIsRestartedAndTheReceiverGetsTheRealBytes() throws Exception {
    registry.image("app/small", "1.0", image);
    Digest layer = Digest.sha256(image.layers().get(0));
    Files.createDirectories(entry(layer).getParent());
    Files.write(entry(layer), new byte[image.layers().get(0).length]);
    Recorder recorder = new Recorder();

    try (RegistryClient client = client()) {
      client.pull(ref, recorder);
    }

    assertEveryLayerReceivedAndVerifiedOnce(recorder);
    assertThat(recorder.restarts.get(layer)).isPositive();
    assertThat(Files.readAllBytes(entry(layer))).isEqualTo(image.layers().get(0));
    assertThat(registry.blobGets(layer)).isEqualTo(1);
  }

  @Test
  void aReceiverThatCannotWriteFailsThePullWithItsErrorAndIsNotRetried() throws Exception {
    registry.image("app/small", "1.0", image);
    Digest layer = Digest.sha256(image.layers().get(0));
    IOException full = new IOException("No space left on device");
    LayerReceiver failing =
        new Recorder() {
          @Override
          public Optional<Layer> open(Descriptor descriptor) {
            Optional<Layer> recording = super.open(descriptor);
            if (!descriptor.digest().equals(layer)) {
              return recording;
            }
            return Optional.of(
                new Layer() {
                  @Override
                  public void write(byte[] b, int offset, int length) throws IOException {
                    throw full;
                  }

                  @Override
                  public void restart() {}

                  @Override
                  public void verified() {}
                });
          }
        };

    try (RegistryClient client = client()) {
      assertThatThrownBy(() -> client.pull(ref, failing))
          .isInstanceOf(EcrCnameException.class)
          .hasMessageContaining(layer.toString())
          .hasMessageContaining("No space left on device")
          .hasRootCause(full);
    }
    assertThat(registry.blobGets(layer)).isEqualTo(1);
    assertThat(entry(layer)).doesNotExist();
  }
}
