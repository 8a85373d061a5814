package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The calls a mirror passes on (openBlob): a wrong blob fails at its end, never silently. */
class RegistryClientPassThroughTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  @Test
  void aWholeBlobWhoseBytesDoNotMatchItsDigestFailsOnTheReadThatReachesTheEnd() throws Exception {
    Digest claimed = Digest.sha256("the real bytes");
    byte[] served = "other bytes!!!".getBytes(StandardCharsets.UTF_8);
    registry.override(
        RegistryPaths.blob("app/small", claimed),
        r -> new MockResponse.Builder().code(200).body(new okio.Buffer().write(served)).build());
    try (RegistryClient client = TestClients.fake(registry, cache).build();
        BlobStream blob =
            client.passThrough().openBlob(ImageReference.of("app/small", claimed.toString()))) {
      InputStream in = blob.stream();
      byte[] buffer = new byte[64];
      assertThat(in.read(buffer)).isEqualTo(served.length);
      assertThatThrownBy(() -> in.read(buffer)).isInstanceOf(DigestMismatchException.class);
    }
  }

  @Test
  void aBlobNamedWithoutADigestIsRefusedWithAnExample() throws Exception {
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      assertThatThrownBy(() -> client.passThrough().openBlob(ImageReference.of("app/small", "1.0")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("@sha256:");
    }
  }

  @Test
  void anEmptyRangeIsRefused() throws Exception {
    Digest digest = Digest.sha256("x");
    try (RegistryClient client = TestClients.fake(registry, cache).build()) {
      assertThatThrownBy(
              () ->
                  client
                      .passThrough()
                      .openBlob(ImageReference.of("app/small", digest.toString()), 10, 5))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
