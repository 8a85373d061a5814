package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.RegistryPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Blob downloads from servers that do not answer as asked: Range ignored, too many bytes. */
class RegistryClientDownloadTest extends ScriptedRegistryTest {

  final FakeImage image = FakeImage.create("amd64", 400_000);
  final byte[] layer = image.layers().get(0);
  final String path = RegistryPaths.blob("app/small", Digest.sha256(layer));

  /** The first answer cut short after some bytes, so that the client asks again with Range. */
  static MockResponse truncated(byte[] blob) {
    return new MockResponse.Builder()
        .body(new Buffer().write(blob))
        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
        .build();
  }

  /**
   * Pulls the image, the layer's n-th request (from 1) answered by {@code answers}, and checks that
   * the exact layer arrived; returns each request's Range header.
   */
  List<@Nullable String> pullExactLayer(IntFunction<MockResponse> answers) throws Exception {
    registry.image("app/small", "1.0", image);
    List<@Nullable String> ranges = new ArrayList<>();
    registry.override(
        path,
        r -> {
          ranges.add(r.getHeaders().get("Range"));
          return answers.apply(ranges.size());
        });
    try (RegistryClient client = client()) {
      PulledImage pulled = client.pull("app/small", "1.0");
      assertThat(Files.readAllBytes(pulled.layers().get(0).blob())).isEqualTo(layer);
    }
    return ranges;
  }

  @Test
  void serverThatIgnoresRangeAndSendsTheWholeBlobAgainGivesTheExactBlob() throws Exception {
    List<@Nullable String> ranges =
        pullExactLayer(
            n ->
                n == 1
                    ? truncated(layer)
                    : new MockResponse.Builder().code(200).body(new Buffer().write(layer)).build());
    assertThat(ranges).hasSize(2);
    assertThat(ranges.get(0)).isNull();
    assertThat(ranges.get(1)).as("the retry asked for the rest").startsWith("bytes=");
  }

  @Test
  void serverThatResumesAtAnotherByteIsAskedForTheWholeBlobAgain() throws Exception {
    List<@Nullable String> ranges =
        pullExactLayer(
            n -> {
              if (n == 1) {
                return truncated(layer);
              }
              if (n == 2) {
                // Claims to resume, but from byte 1: the bytes cannot be appended.
                return new MockResponse.Builder()
                    .code(206)
                    .setHeader(
                        "Content-Range", "bytes 1-" + (layer.length - 1) + "/" + layer.length)
                    .body(new Buffer().write(layer, 1, layer.length - 1))
                    .build();
              }
              return new MockResponse.Builder().body(new Buffer().write(layer)).build();
            });
    assertThat(ranges).hasSize(3);
    assertThat(ranges.get(2)).as("after a wrong resume, from byte 0").isNull();
  }

  @Test
  void blobLargerThanItsDescriptorIsRefusedAsTooLargeAndNotCached() throws Exception {
    registry.image("app/small", "1.0", image);
    byte[] longer = new byte[layer.length + 10];
    System.arraycopy(layer, 0, longer, 0, layer.length);
    AtomicInteger calls = new AtomicInteger();
    registry.override(
        path,
        r -> {
          calls.incrementAndGet();
          return new MockResponse.Builder().body(new Buffer().write(longer)).build();
        });
    Failures.thrownBy(client(), client -> client.pull("app/small", "1.0"))
        .satisfies(Failures.content(ContentException.Problem.TOO_LARGE))
        .hasMessageContaining(layer.length + " bytes its descriptor declares");
    assertThat(calls).as("bytes that are wrong are not asked for again").hasValue(1);
    try (Stream<Path> files = Files.walk(cache)) {
      String prefix = Digest.sha256(layer).hex().substring(0, 16);
      assertThat(files.filter(Files::isRegularFile))
          .as("neither the blob nor a temp file of it")
          .noneMatch(f -> f.getFileName().toString().startsWith(prefix));
    }
  }

  @Test
  void listenerHearsEachLayerStartAndFinishAndOnARepullThatItWasSkipped() {
    registry.image("app/small", "1.0", image);
    // The config is fetched on the caller's thread while the layer downloads on the pool.
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    TransferListener recording =
        new TransferListener() {
          @Override
          public void started(Descriptor descriptor) {
            events.add("started " + descriptor.size());
          }

          @Override
          public void finished(Descriptor descriptor, boolean skipped) {
            events.add((skipped ? "skipped " : "finished ") + descriptor.size());
          }
        };
    try (RegistryClient client = client()) {
      client.pull(ImageReference.of("app/small", "1.0"), Platform.of("linux", "amd64"), recording);
      client.pull(ImageReference.of("app/small", "1.0"), Platform.of("linux", "amd64"), recording);
    }
    String size = Integer.toString(layer.length);
    assertThat(events.stream().filter(e -> e.endsWith(" " + size)))
        .containsExactly(
            "started " + size, "finished " + size, "started " + size, "skipped " + size);
  }
}
