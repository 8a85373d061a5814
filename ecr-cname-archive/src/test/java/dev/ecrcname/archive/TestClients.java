package dev.ecrcname.archive;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryClientBuilder;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.StandIn;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The clients archive's tests build, in one place (core's tests have their own: the fixtures module
 * cannot name core's types, and no module ships its tests).
 */
final class TestClients {
  private TestClients() {}

  /**
   * A client that dials {@code registry} as {@link FakeRegistry#CNAME} for {@link
   * FakeRegistry#REGISTRY}, with fast retries and a fixed platform.
   */
  static RegistryClientBuilder fake(FakeRegistry registry, Path cache) {
    return RegistryClient.builder()
        .endpoint(URI.create("http://" + FakeRegistry.CNAME + ":" + registry.server().getPort()))
        .allowInsecureHttp()
        .registryHost(FakeRegistry.REGISTRY)
        .credentials(CredentialsProvider.basic("AWS", "s3cret"))
        .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
        .cacheDirectory(cache)
        .transport(t -> t.withInitialBackoff(Duration.ofMillis(1)))
        .platform(Platform.of("linux", "amd64"));
  }

  /**
   * A client for the stand-in through its CNAME, with its static credentials and CA; tests add the
   * rest.
   */
  static RegistryClientBuilder standIn(StandIn standIn) {
    return RegistryClient.builder()
        .endpoint(standIn.endpoint())
        .registryHost(standIn.registryHost())
        .credentials(CredentialsProvider.basic(standIn.username(), standIn.password()))
        .trustedCertificates(standIn.caFile())
        .resolver(standIn::resolve);
  }
}
