package dev.ecrcname.auth;

import static dev.ecrcname.auth.TestProviders.against;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.PulledImage;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.testing.FakeAws;
import dev.ecrcname.testing.Seed;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider fed into core's client, pulling from the local ECR stand-in through its CNAME: a
 * fake ECR API hands out tokens whose password is the stand-in registry's, and whose proxyEndpoint
 * names the stand-in's ECR host, so the client needs no registry host of its own.
 */
class EcrCredentialsProviderIT {
  private StandIn standIn;
  @RegisterExtension final FakeAws aws = new FakeAws();
  @TempDir Path cache;

  @BeforeEach
  void start() {
    standIn = StandIn.require();
    aws.password(standIn.password()).proxyEndpoint("https://" + standIn.registryHost());
  }

  @Test
  void pullsThroughTheCnameWithTheRegistryHostFromTheToken() {
    try (EcrCredentialsProvider provider = against(aws).build();
        RegistryClient client = client(provider)) {
      assertThat(client.registryHost()).hasToString(standIn.registryHost());
      PulledImage image = client.pull("app/small-oci", "1.0");
      assertThat(image.manifestDigest()).hasToString(Seed.of(standIn).digest("app/small-oci"));
      assertThat(image.imageId()).isEqualTo(Digest.sha256(image.configBytes()));
    }
    assertThat(aws.ecrRequests()).as("one token serves the whole pull").isEqualTo(1);
  }

  @Test
  void rejectedTokenIsReplacedAfterTheRegistrysUnauthorized() {
    String right = standIn.password();
    aws.passwords(n -> n == 1 ? "revoked-" + right : right); // the first token no longer works
    try (EcrCredentialsProvider provider = against(aws).build();
        RegistryClient client = client(provider)) {
      PulledImage image = client.pull("app/small", "1.0");
      assertThat(image.layers()).isNotEmpty();
    }
    assertThat(aws.ecrRequests()).as("the 401 invalidated the first token").isEqualTo(2);
  }

  private RegistryClient client(EcrCredentialsProvider provider) {
    return RegistryClient.builder()
        .endpoint(standIn.endpoint())
        .credentials(provider)
        .trustedCertificates(standIn.caFile())
        .resolver(standIn::resolve)
        .cacheDirectory(cache)
        .build();
  }
}
