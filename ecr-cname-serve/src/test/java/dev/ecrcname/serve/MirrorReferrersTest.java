package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The referrers API passed through (the stand-in's Distribution 2.8 has none, so it is scripted):
 * the registry's index and type, and the client's artifactType.
 */
class MirrorReferrersTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  @Test
  void theRegistrysReferrersIndexIsPassedOnWithTheArtifactType() throws Exception {
    Digest subject = Digest.sha256("a subject manifest");
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
    registry.override(
        RegistryPaths.referrers("app/small", subject),
        r ->
            new MockResponse.Builder()
                .setHeader("Content-Type", MediaTypes.OCI_INDEX)
                .body(new Buffer().writeUtf8(index))
                .build());
    try (RegistryClient client = TestClients.fake(registry, cache).build();
        MirrorServer mirror = MirrorServer.builder().client(client).port(0).start();
        Response r =
            Mirrors.HTTP
                .newCall(
                    new Request.Builder()
                        .url(
                            mirror.uri()
                                + RegistryPaths.referrers("app/small", subject)
                                + "?artifactType=application/vnd.example.sbom")
                        .build())
                .execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo(MediaTypes.OCI_INDEX);
      assertThat(r.body().string()).isEqualTo(index);
    }
    RecordedRequest upstream =
        registry.requests().stream()
            .filter(q -> q.getUrl().encodedPath().contains("/referrers/"))
            .findFirst()
            .orElseThrow();
    assertThat(upstream.getUrl().queryParameter("artifactType"))
        .isEqualTo("application/vnd.example.sbom");
    assertThat(index.getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }
}
