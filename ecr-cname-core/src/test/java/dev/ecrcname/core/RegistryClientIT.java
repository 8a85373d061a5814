package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls every seeded image of the local ECR stand-in through its CNAME, as an application would.
 */
class RegistryClientIT {
  static StandIn standIn;
  static JsonObject seed;
  @TempDir Path cache;

  @BeforeAll
  static void standIn() throws Exception {
    standIn = StandIn.require();
    seed =
        JsonParser.parseString(Files.readString(standIn.dir().resolve("seed.json")))
            .getAsJsonObject();
  }

  RegistryClientBuilder client() {
    return TestClients.standIn(standIn)
        .cacheDirectory(cache)
        .platform(Platform.of("linux", "amd64"));
  }

  JsonObject repository(String name) {
    return seed.getAsJsonObject("repositories").getAsJsonObject(name);
  }

  @Test
  void pullsDockerV2s2ImageThroughTheCname() {
    try (RegistryClient client = client().build()) {
      PulledImage image = client.pull("app/small", "1.0");
      assertThat(image.manifestMediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
      assertThat(image.layers()).hasSize(seed.get("layers").getAsInt());
      assertThat(image.imageId()).isEqualTo(Digest.sha256(image.configBytes()));
    }
  }

  @Test
  void pullsOciImageAndByDigest() {
    String digest = repository("app/small-oci").get("digest").getAsString();
    try (RegistryClient client = client().build()) {
      PulledImage byTag = client.pull("app/small-oci", "1.0");
      assertThat(byTag.manifestMediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(byTag.manifestDigest()).hasToString(digest);
      PulledImage byDigest = client.pull("app/small-oci", digest);
      assertThat(byDigest.manifest()).isEqualTo(byTag.manifest());
    }
  }

  @Test
  void pullsEachPlatformOfTheIndex() {
    JsonObject platforms = repository("app/multi").getAsJsonObject("platforms");
    try (RegistryClient client = client().build()) {
      for (String platform : platforms.keySet()) {
        PulledImage image = client.pull("app/multi", "1.0", Platform.parse(platform));
        JsonObject expected = platforms.getAsJsonObject(platform);
        assertThat(image.manifestDigest()).hasToString(expected.get("digest").getAsString());
        assertThat(image.imageId()).hasToString(expected.get("config").getAsString());
      }
    }
  }

  @Test
  void rePullFetchesZeroLayerBytes() {
    AtomicLong bytes = new AtomicLong();
    TransferListener counter =
        new TransferListener() {
          @Override
          public void transferred(Descriptor descriptor, long n) {
            bytes.addAndGet(n);
          }
        };
    try (RegistryClient client = client().transferListener(counter).build()) {
      client.pull("app/small", "1.0");
      assertThat(bytes.get()).isPositive();
      bytes.set(0);
      client.pull("app/small", "1.0");
      assertThat(bytes.get()).isZero();
    }
  }

  @Test
  void listsEveryTagAcrossPages() {
    List<String> expected = new ArrayList<>();
    repository("app/many-tags").getAsJsonArray("tags").forEach(t -> expected.add(t.getAsString()));
    assertThat(expected).hasSizeGreaterThan(100);
    try (RegistryClient client = client().build()) {
      assertThat(client.listTags("app/many-tags")).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void withoutTheRegistryHostTlsRefusesTheCname() {
    Failures.thrownBy(
            client().registryHost(standIn.cname()).transport(t -> t.withMaxAttempts(1)).build(),
            client -> client.pull("app/small", "1.0"))
        .satisfies(Failures.transport(TransportException.Kind.TLS_NAME))
        .hasMessageContaining("does not name the registry host " + standIn.cname());
  }

  @Test
  void aRegistryHostTheFrontDoorDoesNotKnowGetsAHint() {
    Failures.thrownBy(
            client().registryHost("210987654321.dkr.ecr.us-east-1.amazonaws.com").build(),
            client -> client.pull("app/small", "1.0"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("check that the registry host is the ECR host");
  }
}
