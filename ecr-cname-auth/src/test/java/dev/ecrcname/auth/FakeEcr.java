package dev.ecrcname.auth;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * A fake ECR API on mockwebserver3, reached through {@code ecrEndpoint}: it answers GetAuthorizationToken in AWS's
 * JSON 1.1 protocol, or with scripted AWS error bodies. Each token's password is {@code ecr-password-<n>} unless a
 * fixed one is set (the integration test sets the stand-in's).
 */
final class FakeEcr implements AutoCloseable {
  static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
  static final String DEFAULT_PROXY_ENDPOINT = "https://123456789012.dkr.ecr.us-east-1.amazonaws.com";

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger issued = new AtomicInteger();
  private final Queue<MockResponse> scripted = new ConcurrentLinkedQueue<>();
  private volatile IntFunction<String> password = n -> "ecr-password-" + n;
  private volatile Supplier<@Nullable Instant> expiresAt = () -> Instant.now().plus(Duration.ofHours(12));
  private volatile String proxyEndpoint = DEFAULT_PROXY_ENDPOINT;
  private volatile @Nullable CountDownLatch holdUntil;

  private FakeEcr() {}

  static FakeEcr start() throws IOException {
    FakeEcr fake = new FakeEcr();
    fake.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            return fake.answer(request);
          }
        });
    fake.server.start();
    return fake;
  }

  URI endpoint() {
    return URI.create("http://" + server.getHostName() + ":" + server.getPort());
  }

  /** Every token carries this password, e.g. the stand-in registry's. */
  FakeEcr password(String fixed) {
    this.password = n -> fixed;
    return this;
  }

  /** The password of the n-th token issued (n from 1). */
  FakeEcr passwords(IntFunction<String> byNumber) {
    this.password = byNumber;
    return this;
  }

  /** The expiresAt of the tokens issued from now on; null leaves the field out. */
  FakeEcr expiresAt(Supplier<@Nullable Instant> expiresAt) {
    this.expiresAt = expiresAt;
    return this;
  }

  FakeEcr proxyEndpoint(String proxyEndpoint) {
    this.proxyEndpoint = proxyEndpoint;
    return this;
  }

  /** Answers no request before {@code latch} opens, so that concurrent callers pile up behind the first one. */
  FakeEcr holdUntil(CountDownLatch latch) {
    this.holdUntil = latch;
    return this;
  }

  /** The next answer is an AWS JSON error, as ECR sends it: {@code {"__type":…,"message":…}}. */
  FakeEcr failNext(int status, String type, String message) {
    scripted.add(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "application/x-amz-json-1.1")
            .addHeader("x-amzn-RequestId", "3f5c0a4e-0000-4000-8000-000000000000")
            .body("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")
            .build());
    return this;
  }

  /** The next answer is this raw body with status 200, e.g. a broken token. */
  FakeEcr answerNext(String json) {
    scripted.add(ok(json));
    return this;
  }

  int requestCount() {
    return server.getRequestCount();
  }

  RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the fake ECR");
    }
    return request;
  }

  private MockResponse answer(RecordedRequest request) throws InterruptedException {
    CountDownLatch latch = holdUntil;
    if (latch != null && !latch.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the test never released the fake ECR");
    }
    if (!TARGET.equals(request.getHeaders().get("X-Amz-Target"))) {
      return new MockResponse.Builder()
          .code(400)
          .body("{\"__type\":\"UnknownOperationException\"}")
          .build();
    }
    MockResponse next = scripted.poll();
    return next != null ? next : token();
  }

  private MockResponse token() {
    String user = "AWS:" + password.apply(issued.incrementAndGet());
    String token = Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
    Instant expiry = expiresAt.get();
    String expiryField =
        expiry == null
            ? ""
            : String.format(
                Locale.ROOT, ",\"expiresAt\":%d.%03d", expiry.getEpochSecond(), expiry.getNano() / 1_000_000);
    return ok(
        "{\"authorizationData\":[{\"authorizationToken\":\""
            + token
            + "\""
            + expiryField
            + ",\"proxyEndpoint\":\""
            + proxyEndpoint
            + "\"}]}");
  }

  private static MockResponse ok(String json) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/x-amz-json-1.1")
        .body(json)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
