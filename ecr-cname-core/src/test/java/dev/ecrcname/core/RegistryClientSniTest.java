package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SNI seen by the server through a whole client: every TLS handshake on the CNAME names the
 * registry host, as {@code RegistrySniSocketFactory} makes it (its own test checks it alone).
 */
class RegistryClientSniTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path dir;

  @Test
  void everyHandshakeOfAPullThroughTheCnameNamesTheRegistryHost() throws Exception {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 10, 20));
    try (RegistryClient client = TestClients.fakeHttps(registry, dir).build()) {
      assertThat(client.pull("app/small", "1.0").layers()).hasSize(2);
    }
    List<List<String>> serverNames = new ArrayList<>();
    int requests = registry.server().getRequestCount();
    for (int i = 0; i < requests; i++) {
      RecordedRequest request = registry.server().takeRequest();
      serverNames.add(request.getHandshakeServerNames());
    }
    assertThat(serverNames)
        .as("manifest, config and two layers")
        .hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(names -> assertThat(names).containsExactly(FakeRegistry.REGISTRY));
  }
}
