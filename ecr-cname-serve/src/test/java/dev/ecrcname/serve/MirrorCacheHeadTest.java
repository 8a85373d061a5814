package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Digest;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob's HEAD in {@code --blobs cache} mode: answered from the verified layer cache when it holds
 * the blob, with no upstream request; otherwise (or when the cached file fails its hash) from a
 * one-byte range upstream, which downloads nothing into the cache.
 */
class MirrorCacheHeadTest {
  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  @TempDir Path cache;

  final byte[] blob = new byte[100 * 1024];
  Digest digest;
  String path;

  RegistryClient client() {
    return TestClients.fake(registry, cache).build();
  }

  MirrorServer cacheMirror(RegistryClient client) {
    new Random(3).nextBytes(blob);
    digest = Digest.sha256(blob);
    path = RegistryPaths.blob("app/small", digest);
    registry.override(
        path,
        r ->
            "bytes=0-0".equals(r.getHeaders().get("Range"))
                ? new MockResponse.Builder()
                    .code(206)
                    .setHeader("Content-Range", "bytes 0-0/" + blob.length)
                    .body(new Buffer().write(blob, 0, 1))
                    .build()
                : new MockResponse.Builder().body(new Buffer().write(blob)).build());
    return MirrorServer.builder().client(client).port(0).blobs(BlobMode.CACHE).start();
  }

  Response call(MirrorServer mirror, String method) throws IOException {
    return Mirrors.HTTP
        .newCall(new Request.Builder().url(mirror.uri() + path).method(method, null).build())
        .execute();
  }

  /** Asserts a blob HEAD's answer: 200, the blob's size and digest, no body. */
  void assertHead(Response r) throws IOException {
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(blob.length));
    assertThat(r.header("Docker-Content-Digest")).isEqualTo(digest.toString());
    assertThat(r.body().bytes()).isEmpty();
  }

  List<RecordedRequest> upstreamBlobRequests() throws InterruptedException {
    return registry.requests().stream().filter(r -> r.getUrl().encodedPath().equals(path)).toList();
  }

  @Test
  void aHeadForACachedBlobIsAnsweredFromTheCacheWithNoUpstreamRequest() throws Exception {
    try (RegistryClient client = client();
        MirrorServer mirror = cacheMirror(client)) {
      try (Response get = call(mirror, "GET")) {
        assertThat(Digest.sha256(get.body().bytes())).isEqualTo(digest);
      }
      assertThat(upstreamBlobRequests()).as("the GET that filled the cache").isNotEmpty();

      try (Response head = call(mirror, "HEAD")) {
        assertHead(head);
      }

      assertThat(upstreamBlobRequests()).as("upstream requests of the HEAD").isEmpty();
    }
  }

  @Test
  void aHeadForABlobNotCachedAsksUpstreamForOneByteAndCachesNothing() throws Exception {
    try (RegistryClient client = client();
        MirrorServer mirror = cacheMirror(client)) {
      try (Response head = call(mirror, "HEAD")) {
        assertHead(head);
      }

      assertThat(upstreamBlobRequests())
          .singleElement()
          .satisfies(r -> assertThat(r.getHeaders().get("Range")).isEqualTo("bytes=0-0"));
      assertThat(cache.resolve("blobs/sha256").resolve(digest.hex())).doesNotExist();
    }
  }

  @Test
  void aCachedFileThatFailsItsHashIsNotTrustedForAHead() throws Exception {
    try (RegistryClient client = client();
        MirrorServer mirror = cacheMirror(client)) {
      try (Response get = call(mirror, "GET")) {
        assertThat(Digest.sha256(get.body().bytes())).isEqualTo(digest);
      }
      upstreamBlobRequests();
      Files.write(cache.resolve("blobs/sha256").resolve(digest.hex()), new byte[blob.length / 2]);

      try (Response head = call(mirror, "HEAD")) {
        assertHead(head);
      }

      assertThat(upstreamBlobRequests()).as("the HEAD asked upstream").hasSize(1);
    }
  }
}
