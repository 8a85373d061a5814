package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an image lives: a client serves one registry, refuses references to another, and its
 * results name the registry host and the digest they resolved.
 */
class RegistryClientAddressTest {
  static final RegistryHost REGISTRY = RegistryHost.parse(FakeRegistry.REGISTRY);

  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  @Test
  void aReferenceToAnotherRegistryIsRefusedNamingBothHostsAndNothingIsSent() throws Exception {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 100, 1000));
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      ImageReference foreign = ImageReference.parse("other.example/app/small:1.0");

      assertThatThrownBy(() -> client.pull(foreign))
          .isInstanceOfSatisfying(
              ForeignRegistryException.class,
              e -> {
                assertThat(e.referenceHost()).hasToString("other.example");
                assertThat(e.clientHost()).isEqualTo(REGISTRY);
              })
          .hasMessageContaining("other.example")
          .hasMessageContaining(FakeRegistry.REGISTRY);
      assertThatThrownBy(() -> client.head(foreign)).isInstanceOf(ForeignRegistryException.class);
      assertThatThrownBy(() -> client.delete(foreign)).isInstanceOf(ForeignRegistryException.class);
      assertThatThrownBy(() -> client.copy(ImageReference.parse("app/small:1.0"), foreign))
          .isInstanceOf(ForeignRegistryException.class);
    }
    assertThat(registry.requests()).isEmpty();
  }

  @Test
  void anotherAccountsEcrHostIsForeignToo() {
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      ImageReference otherAccount =
          ImageReference.parse("210987654321.dkr.ecr.us-east-1.amazonaws.com/app/small:1.0");

      assertThatThrownBy(() -> client.manifest(otherAccount))
          .isInstanceOf(ForeignRegistryException.class)
          .hasMessageContaining("210987654321.dkr.ecr.us-east-1.amazonaws.com");
    }
  }

  @Test
  void aReferenceNamingTheRegistryHostOrTheEndpointIsServed() {
    FakeImage image = FakeImage.create("amd64", 100, 1000);
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      String endpoint = FakeRegistry.CNAME + ":" + registry.server().getPort();

      assertThat(client.head(ImageReference.parse(FakeRegistry.REGISTRY + "/app/small:1.0")))
          .isPresent();
      assertThat(client.head(ImageReference.parse(endpoint + "/app/small:1.0"))).isPresent();
    }
  }

  @Test
  void aPullNamesTheRegistryHostTheTagAndTheDigestItResolved() {
    FakeImage image = FakeImage.create("amd64", 100, 1000);
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      PulledImage pulled = client.pull("app/small", "1.0");

      assertThat(pulled.reference())
          .isEqualTo(new ImageReference(REGISTRY, "app/small", "1.0", image.digest()));
      assertThat(pulled.manifestDigest()).isEqualTo(image.digest());
    }
  }

  @Test
  void aPushNamesTheRegistryHostTheTagAndTheDigestTheTagNowNames() {
    FakeImage image = FakeImage.create("amd64", 100, 1000);
    registry.image("app/small", "1.0", image);
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      PulledImage pulled = client.pull("app/small", "1.0");

      PushResult pushed = client.push(ImageReference.parse("app/copy:2.0"), pulled);

      assertThat(pushed.target().registry()).isEqualTo(REGISTRY);
      assertThat(pushed.target().repository()).isEqualTo("app/copy");
      assertThat(pushed.target().tag()).isEqualTo("2.0");
      assertThat(pushed.target().digest()).isEqualTo(pushed.manifestDigest());
    }
  }
}
