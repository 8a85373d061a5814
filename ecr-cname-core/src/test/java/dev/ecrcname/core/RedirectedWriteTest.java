package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A redirect never carries a write, or a request other than a blob GET, to another host (issue 21,
 * defect 5): a 307 keeps the method and the body, so a 307 on an upload PATCH would send the layer
 * to whoever the Location names. Only the S3 redirect of a blob GET is followed off the registry,
 * without credentials.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedirectedWriteTest {
  static final String ELSEWHERE = "elsewhere.example";

  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  final MockWebServer elsewhere = registry.other();
  @TempDir Path cache;
  final FakeImage image = FakeImage.create("amd64", 3000);

  /** The other host takes whatever it is sent, as a thief would. */
  @BeforeEach
  void elsewhereTakesAnything() {
    elsewhere.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            return new MockResponse.Builder().code(201).build();
          }
        });
  }

  String elsewhere(String path) {
    return "http://" + ELSEWHERE + ":" + elsewhere.getPort() + path;
  }

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  /** Pushes the image to app/pushed:1.0 and expects the hop elsewhere to be refused. */
  void assertPushRefusedAndNothingElsewhere() {
    try (RegistryClient client = client()) {
      assertThatThrownBy(() -> client.push("app/pushed", "1.0", new MemoryImageSource(image)))
          .satisfies(Failures.transport(TransportException.Kind.REFUSED))
          .hasMessageContaining(ELSEWHERE);
    }
    assertThat(elsewhere.getRequestCount()).as("requests elsewhere").isZero();
  }

  @Test
  void aRedirectOnTheUploadPatchSendsNoLayerByteToAnotherHost() {
    registry.override(
        RegistryPaths.upload("app/pushed", "u1"),
        r ->
            r.getMethod().equals("PATCH")
                ? FakeRegistry.redirect(elsewhere("/steal"))
                : registry.upload(r));
    assertPushRefusedAndNothingElsewhere();
    assertThat(registry.pushedManifests()).isEmpty();
  }

  @Test
  void aRedirectOnTheUploadStartIsNotFollowedToAnotherHost() {
    registry.override(
        RegistryPaths.uploads("app/pushed"), r -> FakeRegistry.redirect(elsewhere("/steal")));
    assertPushRefusedAndNothingElsewhere();
  }

  @Test
  void aRedirectOnTheManifestPutSendsNoManifestToAnotherHost() {
    registry.override(
        RegistryPaths.manifest("app/pushed", "1.0"),
        r -> FakeRegistry.redirect(elsewhere("/steal")));
    assertPushRefusedAndNothingElsewhere();
    assertThat(registry.pushedManifests()).isEmpty();
  }

  @Test
  void aRedirectOnADeleteIsNotFollowedToAnotherHost() {
    registry.image("app/small", "1.0", image);
    Digest digest = Digest.parse(image.manifestDigest());
    registry.override(
        RegistryPaths.manifest("app/small", digest),
        r -> FakeRegistry.redirect(elsewhere("/steal")));
    try (RegistryClient client = client()) {
      assertThatThrownBy(() -> client.delete(new ImageReference(null, "app/small", null, digest)))
          .satisfies(Failures.transport(TransportException.Kind.REFUSED));
    }
    assertThat(elsewhere.getRequestCount()).isZero();
  }

  @Test
  void aManifestGetIsNotRedirectedToAnotherHost() {
    registry.override(
        RegistryPaths.manifest("app/small", "1.0"), r -> FakeRegistry.redirect(elsewhere("/m")));
    try (RegistryClient client = client()) {
      assertThatThrownBy(() -> client.manifest("app/small", "1.0"))
          .satisfies(Failures.transport(TransportException.Kind.REFUSED))
          .hasMessageContaining(ELSEWHERE);
    }
    assertThat(elsewhere.getRequestCount()).isZero();
  }

  @Test
  void aRedirectOnTheUploadPatchBackOntoTheRegistryIsFollowed() throws Exception {
    // ECR's absolute Locations name the registry host; that is the registry, so the body may go.
    registry.override(
        RegistryPaths.upload("app/pushed", "u1"),
        r ->
            r.getMethod().equals("PATCH") && r.getUrl().queryParameter("moved") == null
                ? FakeRegistry.redirect(
                    "http://"
                        + FakeRegistry.REGISTRY
                        + ":"
                        + registry.server().getPort()
                        + RegistryPaths.upload("app/pushed", "u1")
                        + "?moved=1")
                : registry.upload(r));
    try (RegistryClient client = client()) {
      client.push("app/pushed", "1.0", new MemoryImageSource(image));
    }
    assertThat(registry.pushedManifests()).containsKey(RegistryPaths.manifest("app/pushed", "1.0"));
  }

  @Test
  void aBlobGetStillFollowsTheS3RedirectWithoutCredentials() throws Exception {
    registry.image("app/small", "1.0", image);
    byte[] layer = image.layers().get(0);
    registry.override(
        RegistryPaths.blob("app/small", Digest.sha256(layer)),
        r -> FakeRegistry.redirect(elsewhere("/layer?X-Amz-Signature=ab")));
    elsewhere.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            return new MockResponse.Builder().body(new Buffer().write(layer)).build();
          }
        });
    try (RegistryClient client = client()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
    }
    RecordedRequest atS3 = elsewhere.takeRequest();
    assertThat(atS3.getMethod()).isEqualTo("GET");
    assertThat(atS3.getHeaders().get("Authorization")).isNull();
  }
}
