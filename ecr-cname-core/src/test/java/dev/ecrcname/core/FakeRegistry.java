package dev.ecrcname.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A registry scripted on mockwebserver3: serves manifests by tag and digest and blobs by digest, and lets a test
 * override any path with its own answer (for faults). Requires Basic auth only when told to.
 */
final class FakeRegistry extends Dispatcher {
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

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    Function<RecordedRequest, MockResponse> override = overrides.get(path);
    if (override != null) {
      return override.apply(request);
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
}
