package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of this machine, not of the registry or the network, come out as {@link LocalException}
 * with the part that failed, never as the bare root or as a transport failure (issue 22); an
 * interrupt is always a typed one.
 */
class LocalFailuresTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path dir;

  private final FakeImage image = FakeImage.create("amd64", 1000, 2000);

  @Test
  void aReceiverThatRefusesTheLayersIsAnOutputFailure() {
    registry.image("app/small", "1.0", image);
    LayerReceiver refusing =
        new LayerReceiver() {
          @Override
          public void layers(List<Descriptor> layers) throws IOException {
            throw new IOException("No space left on device");
          }

          @Override
          public Optional<Layer> open(Descriptor layer) {
            return Optional.empty();
          }
        };
    try (RegistryClient client = TestClients.fake(registry, dir).build()) {
      assertThatThrownBy(() -> client.pull(ImageReference.of("app/small", "1.0"), refusing))
          .isInstanceOfSatisfying(
              LocalException.class, e -> assertThat(e.kind()).isEqualTo(LocalException.Kind.OUTPUT))
          .hasMessageContaining("No space left on device");
    }
  }

  @Test
  void aLayerCacheThatCannotBeWrittenIsACacheFailureNamingIt() throws IOException {
    registry.image("app/small", "1.0", image);
    Path blobs = Files.createDirectories(dir.resolve("cache"));
    // The cache's blob directory is a file: nothing can be stored under it.
    Files.writeString(blobs.resolve("blobs"), "not a directory");
    try (RegistryClient client = TestClients.fake(registry, blobs).build()) {
      assertThatThrownBy(() -> client.pull("app/small", "1.0"))
          .isInstanceOfSatisfying(
              LocalException.class, e -> assertThat(e.kind()).isEqualTo(LocalException.Kind.CACHE))
          .hasMessageContaining(blobs.toString());
    }
  }

  @Test
  void aPullOnAnInterruptedThreadEndsAsATypedInterruptNotARawInterruptedException() {
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = TestClients.fake(registry, dir).build()) {
      // OkHttp 5's connect threw the raw InterruptedException, which no caller can catch by type.
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> client.pull("app/small", "1.0"))
            .isInstanceOfSatisfying(
                TransportException.class,
                e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.INTERRUPTED));
        assertThat(Thread.currentThread().isInterrupted())
            .as("the interrupt flag is kept")
            .isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }
}
