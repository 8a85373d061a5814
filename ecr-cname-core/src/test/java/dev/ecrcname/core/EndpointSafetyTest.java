package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What an endpoint may be: https, or plain http only by explicit opt-in; never with userinfo. */
class EndpointSafetyTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  @Test
  void plainHttpEndpointIsRefusedWithoutOptIn() {
    var builder =
        RegistryClient.builder()
            .endpoint(URI.create("http://docker-ecr.internal.example"))
            .cacheDirectory(cache);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain http")
        .hasMessageContaining("allowInsecureHttp()");
  }

  @Test
  void plainHttpEndpointWorksWhenTheCallerOptsIn() {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 10));
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      assertThat(client.manifest("app/small", "1.0").bytes()).isNotEmpty();
    }
  }

  @Test
  void userinfoInTheEndpointIsRefusedWithoutEchoingIt() {
    var builder =
        RegistryClient.builder()
            .endpoint(URI.create("https://AWS:tops3cret@docker-ecr.internal.example"))
            .cacheDirectory(cache);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry credentials")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("tops3cret"));
  }
}
