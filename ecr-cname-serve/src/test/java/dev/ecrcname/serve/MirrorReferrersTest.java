package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.MediaTypes;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.testing.FakeRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        "/v2/app/small/referrers/" + subject,
        r ->
            new MockResponse.Builder()
                .setHeader("Content-Type", MediaTypes.OCI_INDEX)
                .body(new Buffer().writeUtf8(index))
                .build());
    try (RegistryClient client =
            RegistryClient.builder()
                .endpoint(
                    URI.create("http://" + FakeRegistry.CNAME + ":" + registry.server().getPort()))
                .allowInsecureHttp()
                .registryHost(FakeRegistry.REGISTRY)
                .credentials(CredentialsProvider.basic("AWS", "s3cret"))
                .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
                .cacheDirectory(cache)
                .transport(t -> t.withInitialBackoff(Duration.ofMillis(1)))
                .build();
        MirrorServer mirror = MirrorServer.builder().client(client).port(0).start();
        Response r =
            Mirrors.HTTP
                .newCall(
                    new Request.Builder()
                        .url(
                            mirror.uri()
                                + "/v2/app/small/referrers/"
                                + subject
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
