package dev.ecrcname.core;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A registry scripted on mockwebserver3: serves manifests by tag and digest and blobs by digest, and lets a test
 * override any path with its own answer (for faults). Requires Basic auth only when told to.
 */
final class FakeRegistry extends Dispatcher {
  static final String CNAME = "docker-ecr.internal.example";
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

  /**
   * A client that dials {@code server} as the CNAME for {@link #REGISTRY}, with fast retries and a fixed platform, as
   * every scripted test wants it.
   */
  static RegistryClient.Builder client(MockWebServer server, Path cache) {
    return RegistryClient.builder()
        .endpoint(URI.create("http://" + CNAME + ":" + server.getPort()))
        .registryHost(REGISTRY)
        .credentials(CredentialsProvider.basic("AWS", "s3cret"))
        .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
        .cacheDirectory(cache)
        .initialBackoff(Duration.ofMillis(1))
        .platform(Platform.of("linux", "amd64"));
  }

  private final Map<String, MockResponse> manifests = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Function<RecordedRequest, MockResponse>> overrides = new ConcurrentHashMap<>();

  FakeRegistry image(String repository, String tag, FakeImage image) {
    MockResponse response =
        new MockResponse.Builder()
            .setHeader("Content-Type", image.manifestMediaType())
            .setHeader("Docker-Content-Digest", image.digest().toString())
            .body(new Buffer().write(image.manifest()))
            .build();
    manifests.put("/v2/" + repository + "/manifests/" + tag, response);
    manifests.put("/v2/" + repository + "/manifests/" + image.digest(), response);
    image.blobs().forEach((digest, bytes) -> blobs.put("/v2/" + repository + "/blobs/" + digest, bytes));
    return this;
  }

  FakeRegistry manifest(String path, MockResponse response) {
    manifests.put(path, response);
    return this;
  }

  /** Answers requests to {@code path} (without query) with {@code answer} instead. */
  FakeRegistry override(String path, Function<RecordedRequest, MockResponse> answer) {
    overrides.put(path, answer);
    return this;
  }

  /** Blobs pushed to the registry (by path), and manifests pushed by tag, as the registry stored them. */
  final Map<String, byte[]> pushedManifests = new ConcurrentHashMap<>();

  private final Map<String, Buffer> uploads = new ConcurrentHashMap<>();
  private final AtomicInteger sessions = new AtomicInteger();

  /** The answer the registry gives for a manifest path, for overrides that wrap it. */
  MockResponse manifestAnswer(String path) {
    return manifests.get(path);
  }

  byte[] blob(String repository, String digest) {
    return blobs.get("/v2/" + repository + "/blobs/" + digest);
  }

  boolean hasBlob(String repository, String digest) {
    return blobs.containsKey("/v2/" + repository + "/blobs/" + digest);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    Function<RecordedRequest, MockResponse> override = overrides.get(path);
    if (override != null) {
      return override.apply(request);
    }
    MockResponse push = push(request, path);
    if (push != null) {
      return push;
    }
    if (request.getMethod().equals("HEAD")) {
      return new MockResponse.Builder().code(blobs.containsKey(path) ? 200 : 404).build();
    }
    if (manifests.containsKey(path)) {
      return manifests.get(path);
    }
    byte[] blob = blobs.get(path);
    if (blob != null) {
      return new MockResponse.Builder().body(new Buffer().write(blob)).build();
    }
    return new MockResponse.Builder()
        .code(404)
        .setHeader("Content-Type", "application/json")
        .body(path.contains("/manifests/")
            ? "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
            : "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown\"}]}")
        .build();
  }

  /** The registry's own answer to an upload step, for overrides that fault only some requests. */
  MockResponse upload(RecordedRequest request) {
    return push(request, request.getUrl().encodedPath());
  }

  /** The push side of the API; like Distribution, it builds absolute Locations from the Host header. */
  private MockResponse push(RecordedRequest request, String path) {
    String method = request.getMethod();
    String base = "http://" + request.getHeaders().get("Host");
    if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
      String id = "u" + sessions.incrementAndGet();
      uploads.put(id, new Buffer());
      return accepted(base + path + id + "?_state=st%2Bate%3D");
    }
    int at = path.indexOf("/blobs/uploads/");
    if (at > 0 && uploads.containsKey(path.substring(at + 15))) {
      Buffer upload = uploads.get(path.substring(at + 15));
      if (method.equals("DELETE")) {
        uploads.remove(path.substring(at + 15));
        return new MockResponse.Builder().code(204).build();
      }
      if (method.equals("PATCH")) {
        upload.write(request.getBody() == null ? okio.ByteString.EMPTY : request.getBody());
        return accepted(base + path + "?_state=after%2Bpatch");
      }
      if (method.equals("PUT")) {
        byte[] bytes = upload.readByteArray();
        String digest = request.getUrl().queryParameter("digest");
        if (!Digest.sha256(bytes).toString().equals(digest)) {
          return new MockResponse.Builder().code(400)
              .body("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest mismatch\"}]}").build();
        }
        blobs.put(path.substring(0, at) + "/blobs/" + digest, bytes);
        return new MockResponse.Builder().code(201).setHeader("Docker-Content-Digest", digest).build();
      }
    }
    if (method.equals("PUT") && path.contains("/manifests/")) {
      byte[] manifest = request.getBody().toByteArray();
      pushedManifests.put(path, manifest);
      return new MockResponse.Builder().code(201)
          .setHeader("Docker-Content-Digest", Digest.sha256(manifest).toString()).build();
    }
    return null;
  }

  private static MockResponse accepted(String location) {
    return new MockResponse.Builder().code(202).setHeader("Location", location).build();
  }
}
