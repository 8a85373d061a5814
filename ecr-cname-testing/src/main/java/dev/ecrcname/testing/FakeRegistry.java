package dev.ecrcname.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A registry scripted on mockwebserver3: serves manifests by tag and digest and blobs by digest,
 * takes pushes, and lets a test override any path with its own answer (for faults). Register it as
 * an extension and it runs its own server for each test:
 *
 * <pre>
 * &#64;RegisterExtension final FakeRegistry registry = new FakeRegistry();
 * </pre>
 */
public final class FakeRegistry extends Dispatcher
    implements BeforeEachCallback, AfterEachCallback {
  /** The CNAME scripted clients dial, and the ECR host it stands for. */
  public static final String CNAME = "docker-ecr.internal.example";

  public static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

  /** What an image gives the registry; core's tests implement it with their own image type. */
  public interface Image {
    String manifestMediaType();

    byte[] manifest();

    /** {@code sha256:…} of {@link #manifest()}. */
    String manifestDigest();

    /** Every blob of the image (config included) by its {@code sha256:…} digest. */
    Map<String, byte[]> blobsByDigest();
  }

  private final MockWebServer server = new MockWebServer();
  private final Map<String, MockResponse> manifests = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Function<RecordedRequest, MockResponse>> overrides =
      new ConcurrentHashMap<>();
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();
  private final Map<String, byte[]> pushedManifests = new ConcurrentHashMap<>();
  private final Map<String, Buffer> uploads = new ConcurrentHashMap<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile @Nullable MockResponse requestPolicy;

  /**
   * The Host and Authorization every request under a path prefix must carry; null accepts any
   * Authorization.
   */
  private record Expected(String host, @Nullable String authorization) {}

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server.setDispatcher(this);
    // The loopback address, to which scripted clients resolve every name (and a subprocess dials
    // 127.0.0.1).
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.close();
    MockWebServer started = other;
    if (started != null) {
      started.close();
    }
  }

  private volatile @Nullable MockWebServer other;

  /**
   * Another host than the registry, on a server of its own: S3 behind a 307, a foreign layer's URL,
   * a Location elsewhere. Started on the loopback address on first use; closed after the test.
   */
  public synchronized MockWebServer other() {
    MockWebServer started = other;
    if (started == null) {
      started = new MockWebServer();
      try {
        started.start(InetAddress.getLoopbackAddress(), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      other = started;
    }
    return started;
  }

  /**
   * Reads every request body at most {@code bytesPerPeriod} per {@code period}: a slow upload link
   * (MockWebServer takes the policy for reading a request from {@link #peek()}).
   */
  public FakeRegistry throttleRequestBodies(long bytesPerPeriod, long period, TimeUnit unit) {
    requestPolicy = new MockResponse.Builder().throttleBody(bytesPerPeriod, period, unit).build();
    return this;
  }

  @Override
  public MockResponse peek() {
    MockResponse policy = requestPolicy;
    return policy != null ? policy : super.peek();
  }

  /** A 307 to {@code location}: how ECR sends a blob GET to S3. */
  public static MockResponse redirect(String location) {
    return new MockResponse.Builder().code(307).setHeader("Location", location).build();
  }

  /** The server this registry answers on. */
  public MockWebServer server() {
    return server;
  }

  /**
   * The requests received since the last call (or since the start), in order, each taken from the
   * server's queue.
   */
  public synchronized List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    for (; taken < server.getRequestCount(); taken++) {
      all.add(server.takeRequest());
    }
    return all;
  }

  private int taken;

  /**
   * How many GETs of the blob {@code digest} (any repository) arrived since the requests were last
   * taken; takes them, as {@link #requests()} does.
   */
  public int blobGets(Object digest) throws InterruptedException {
    String tail = "/blobs/" + digest;
    return (int)
        requests().stream()
            .filter(r -> r.getMethod().equals("GET") && r.getUrl().encodedPath().endsWith(tail))
            .count();
  }

  public FakeRegistry image(String repository, String tag, Image image) {
    return image(
        repository,
        tag,
        image.manifestMediaType(),
        image.manifestDigest(),
        image.manifest(),
        image.blobsByDigest());
  }

  /** Serves a manifest by tag and by digest, and its blobs by digest. */
  public FakeRegistry image(
      String repository,
      String tag,
      String mediaType,
      String manifestDigest,
      byte[] manifest,
      Map<String, byte[]> blobsByDigest) {
    MockResponse response = manifestResponse(mediaType, manifestDigest, manifest);
    manifests.put(RegistryPaths.manifest(repository, tag), response);
    manifests.put(RegistryPaths.manifest(repository, manifestDigest), response);
    blobsByDigest.forEach(
        (digest, bytes) -> blobs.put(RegistryPaths.blob(repository, digest), bytes));
    return this;
  }

  private static MockResponse manifestResponse(String mediaType, String digest, byte[] manifest) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", mediaType)
        .setHeader("Docker-Content-Digest", digest)
        .body(new Buffer().write(manifest))
        .build();
  }

  /** A manifest's answer without its body, as to a HEAD: type, digest and length. */
  private static MockResponse head(MockResponse manifest) {
    MockResponse.Builder b = new MockResponse.Builder().code(manifest.getCode());
    for (String name : List.of("Content-Type", "Docker-Content-Digest")) {
      String value = manifest.getHeaders().get(name);
      if (value != null) {
        b.setHeader(name, value);
      }
    }
    if (manifest.getBody() != null && manifest.getBody().getContentLength() >= 0) {
      b.setHeader("Content-Length", Long.toString(manifest.getBody().getContentLength()));
    }
    return b.build();
  }

  /** DELETE of a manifest by digest, as Distribution with deletes enabled: every tag on it goes. */
  private MockResponse delete(String path) {
    MockResponse deleted = manifests.remove(path);
    if (deleted == null) {
      return error(404, "MANIFEST_UNKNOWN", "manifest unknown");
    }
    String manifestsOfRepository =
        RegistryPaths.manifest(repositoryOf(path, path.indexOf("/manifests/")), "");
    manifests
        .entrySet()
        .removeIf(e -> e.getKey().startsWith(manifestsOfRepository) && e.getValue() == deleted);
    return new MockResponse.Builder().code(202).build();
  }

  public FakeRegistry manifest(String path, MockResponse response) {
    manifests.put(path, response);
    return this;
  }

  /** Answers requests to {@code path} (without query) with {@code answer} instead. */
  public FakeRegistry override(String path, Function<RecordedRequest, MockResponse> answer) {
    overrides.put(path, answer);
    return this;
  }

  /**
   * From now on, a request under {@code pathPrefix} must carry this Host header (a 400 otherwise,
   * as a registry that does not serve that name) and, unless {@code authorization} is null, this
   * Authorization header (a 401 otherwise).
   */
  public FakeRegistry require(String pathPrefix, String host, @Nullable String authorization) {
    expected.put(pathPrefix, new Expected(host, authorization));
    return this;
  }

  /**
   * Manifests pushed to the registry, by path ({@link RegistryPaths#manifest}), as the registry
   * stored them.
   */
  public Map<String, byte[]> pushedManifests() {
    return pushedManifests;
  }

  /** The answer the registry gives for a manifest path, for overrides that wrap it. */
  public MockResponse manifestAnswer(String path) {
    return manifests.get(path);
  }

  public byte[] blob(String repository, String digest) {
    return blobs.get(RegistryPaths.blob(repository, digest));
  }

  public boolean hasBlob(String repository, String digest) {
    return blobs.containsKey(RegistryPaths.blob(repository, digest));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    MockResponse refused = refused(request, path);
    if (refused != null) {
      return refused;
    }
    Function<RecordedRequest, MockResponse> override = overrides.get(path);
    if (override != null) {
      return override.apply(request);
    }
    MockResponse push = push(request, path);
    if (push != null) {
      return push;
    }
    if (request.getMethod().equals("HEAD")) {
      MockResponse manifest = manifests.get(path);
      return manifest != null
          ? head(manifest)
          : new MockResponse.Builder().code(blobs.containsKey(path) ? 200 : 404).build();
    }
    if (request.getMethod().equals("DELETE") && path.contains("/manifests/sha256:")) {
      return delete(path);
    }
    if (manifests.containsKey(path)) {
      return manifests.get(path);
    }
    byte[] blob = blobs.get(path);
    if (blob != null) {
      return new MockResponse.Builder().body(new Buffer().write(blob)).build();
    }
    return error(
        404,
        path.contains("/manifests/") ? "MANIFEST_UNKNOWN" : "BLOB_UNKNOWN",
        path.contains("/manifests/") ? "manifest unknown" : "blob unknown");
  }

  /** The registry's own answer to an upload step, for overrides that fault only some requests. */
  public MockResponse upload(RecordedRequest request) {
    return push(request, request.getUrl().encodedPath());
  }

  private @Nullable MockResponse refused(RecordedRequest request, String path) {
    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      if (!path.startsWith(e.getKey())) {
        continue;
      }
      String host = request.getHeaders().get("Host");
      if (!e.getValue().host().equals(host)) {
        return error(400, "UNSUPPORTED", "this registry does not serve Host " + host);
      }
      String authorization = e.getValue().authorization();
      if (authorization != null
          && !authorization.equals(request.getHeaders().get("Authorization"))) {
        return error(401, "UNAUTHORIZED", "authentication required")
            .newBuilder()
            .setHeader("WWW-Authenticate", "Basic realm=\"" + e.getValue().host() + "\"")
            .build();
      }
    }
    return null;
  }

  /**
   * The push side of the API; like Distribution, it builds absolute Locations from the Host header.
   */
  private @Nullable MockResponse push(RecordedRequest request, String path) {
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
        upload.write(request.getBody() == null ? ByteString.EMPTY : request.getBody());
        return accepted(base + path + "?_state=after%2Bpatch");
      }
      if (method.equals("PUT")) {
        byte[] bytes = upload.readByteArray();
        String digest = request.getUrl().queryParameter("digest");
        if (!sha256(bytes).equals(digest)) {
          return new MockResponse.Builder()
              .code(400)
              .body("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest mismatch\"}]}")
              .build();
        }
        blobs.put(RegistryPaths.blob(repositoryOf(path, at), digest), bytes);
        return new MockResponse.Builder()
            .code(201)
            .setHeader("Docker-Content-Digest", digest)
            .build();
      }
    }
    if (method.equals("PUT") && path.contains("/manifests/")) {
      byte[] manifest = request.getBody().toByteArray();
      pushedManifests.put(path, manifest);
      // Served from now on by the reference it was put under and by its digest, as a registry does.
      String type = request.getHeaders().get("Content-Type");
      String repository = repositoryOf(path, path.indexOf("/manifests/"));
      MockResponse served = manifestResponse(type == null ? "" : type, sha256(manifest), manifest);
      manifests.put(path, served);
      manifests.put(RegistryPaths.manifest(repository, sha256(manifest)), served);
      return new MockResponse.Builder()
          .code(201)
          .setHeader("Docker-Content-Digest", sha256(manifest))
          .build();
    }
    return null;
  }

  /** The repository of a {@code /v2/<repository>/…} path whose repository ends at {@code end}. */
  private static String repositoryOf(String path, int end) {
    return path.substring(RegistryPaths.base().length(), end);
  }

  private static String sha256(byte[] bytes) {
    return "sha256:" + ByteString.of(bytes).sha256().hex();
  }

  private static MockResponse error(int status, String code, String message) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
        .build();
  }

  private static MockResponse accepted(String location) {
    return new MockResponse.Builder().code(202).setHeader("Location", location).build();
  }
}
