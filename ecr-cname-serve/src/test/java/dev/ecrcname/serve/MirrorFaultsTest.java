package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import mockwebserver3.MockResponse;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a real registry cannot be made to produce, scripted with mockwebserver3: a blob whose
 * bytes do not match its digest, and a registry that is down; and the refusal to listen openly.
 */
class MirrorFaultsTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  /**
   * 300 KiB served for a digest they do not hash to: more than the two buffers the mirror holds.
   */
  Digest corruptBlob() {
    byte[] served = new byte[300 * 1024];
    new Random(7).nextBytes(served);
    Digest claimed = Digest.sha256("the bytes that were pushed");
    registry.override(
        RegistryPaths.blob("app/small", claimed),
        r -> new MockResponse.Builder().body(new Buffer().write(served)).build());
    return claimed;
  }

  static Response get(MirrorServer mirror, String path) throws IOException {
    return Mirrors.HTTP.newCall(new Request.Builder().url(mirror.uri() + path).build()).execute();
  }

  @Test
  void aCorruptedUpstreamBlobCutsTheClientsDownloadShortOfItsLength() throws Exception {
    Digest claimed = corruptBlob();
    try (RegistryClient client = client();
        MirrorServer mirror = MirrorServer.builder().client(client).port(0).start();
        Response r = get(mirror, RegistryPaths.blob("app/small", claimed))) {
      assertThat(r.code()).isEqualTo(200);
      assertThatThrownBy(() -> r.body().bytes()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aCorruptedUpstreamBlobInCacheModeFailsAndLeavesNothingCached() throws Exception {
    Digest claimed = corruptBlob();
    try (RegistryClient client = client();
        MirrorServer mirror =
            MirrorServer.builder().client(client).port(0).blobs(BlobMode.CACHE).start();
        Response r = get(mirror, RegistryPaths.blob("app/small", claimed))) {
      assertThat(r.code()).isEqualTo(502);
      assertThat(r.body().string()).contains("\"errors\"");
    }
    assertThat(Files.exists(cache.resolve("blobs/sha256").resolve(claimed.hex()))).isFalse();
  }

  @Test
  void anUnreachableRegistryIs503WithAnOciErrorBody() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (RegistryClient client =
            TestClients.fake(registry, cache)
                .endpoint(URI.create("http://" + FakeRegistry.CNAME + ":" + closed))
                .build();
        MirrorServer mirror = MirrorServer.builder().client(client).port(0).start();
        Response r = get(mirror, RegistryPaths.manifest("app/small", "1.0"))) {
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.body().string()).contains("\"code\":\"UNAVAILABLE\"");
    }
  }

  @Test
  void aNonLoopbackListenerWithoutTlsAndAuthRefusesToStartNamingTheMissingOptions() {
    try (RegistryClient client = client()) {
      assertThatThrownBy(
              () -> MirrorServer.builder().client(client).listen("0.0.0.0").port(0).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--tls-cert")
          .hasMessageContaining("--tls-key")
          .hasMessageContaining("--client-ca")
          .hasMessageContaining("--auth-token-file");
    }
  }
}
