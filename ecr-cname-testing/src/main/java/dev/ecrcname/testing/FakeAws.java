package dev.ecrcname.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two AWS APIs ecr-cname calls, on one mockwebserver3 at {@link #endpoint()} (use it as both
 * the ECR and the STS endpoint). ECR's GetAuthorizationToken is answered in AWS's JSON 1.1
 * protocol: each token's password is {@code ecr-password-<n>} unless a fixed one is set (the
 * integration tests set the stand-in's). STS's AssumeRole is answered in AWS's query/XML form with
 * the {@code ROLE_*} keys. Either can be scripted to fail. No AWS SDK here: the fake speaks HTTP.
 * Register it as an extension and it runs its own server for each test:
 *
 * <pre>
 * &#64;RegisterExtension final FakeAws aws = new FakeAws();
 * </pre>
 */
public final class FakeAws implements BeforeEachCallback, AfterEachCallback {
  public static final String ECR_TARGET =
      "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
  public static final String DEFAULT_PROXY_ENDPOINT =
      "https://123456789012.dkr.ecr.us-east-1.amazonaws.com";

  /** The keys of the session AssumeRole hands out. */
  public static final String ROLE_ACCESS_KEY_ID = "ASIAASSUMEDROLEKEY01";

  public static final String ROLE_SECRET_ACCESS_KEY = "assumed-role-secret-key-do-not-leak";
  public static final String ROLE_SESSION_TOKEN = "assumed-role-session-token-do-not-leak";

  private static final String REQUEST_ID = "c6104cbe-af31-11e0-8154-cbc7ccf896c7";

  private final MockWebServer server = new MockWebServer();
  private final Api ecr = new Api("ECR", "application/x-amz-json-1.1");
  private final Api sts = new Api("STS", "text/xml");
  private final AtomicInteger issued = new AtomicInteger();
  private volatile IntFunction<String> password = n -> "ecr-password-" + n;
  private volatile Supplier<@Nullable Instant> expiresAt =
      () -> Instant.now().plus(Duration.ofHours(12));
  private volatile String proxyEndpoint = DEFAULT_PROXY_ENDPOINT;
  private volatile @Nullable CountDownLatch holdUntil;

  /** One API's content type, its scripted answers and the requests it received. */
  private static final class Api {
    final String name;
    final String contentType;
    final Queue<MockResponse> scripted = new ConcurrentLinkedQueue<>();
    final BlockingQueue<RecordedRequest> received = new LinkedBlockingQueue<>();
    final AtomicInteger count = new AtomicInteger();

    Api(String name, String contentType) {
      this.name = name;
      this.contentType = contentType;
    }

    /** An answer in this API's content type. */
    MockResponse answer(int status, String body) {
      return new MockResponse.Builder()
          .code(status)
          .addHeader("Content-Type", contentType)
          .body(body)
          .build();
    }

    RecordedRequest take() throws InterruptedException {
      RecordedRequest request = received.poll(5, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError("no request reached the fake " + name);
      }
      return request;
    }
  }

  /** Starts the fake on 127.0.0.1, which a subprocess reaches as well as the test's own JVM. */
  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            return answer(request);
          }
        });
    server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.close();
  }

  /**
   * Fake AWS credentials in the environment, and no profile files: the SDK's default chain finds
   * only these.
   */
  public static Map<String, String> awsEnvironment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_CONFIG_FILE", "/nonexistent/ecr-cname-it/config",
        "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ecr-cname-it/credentials",
        "AWS_EC2_METADATA_DISABLED", "true");
  }

  public URI endpoint() {
    return URI.create((https ? "https" : "http") + "://127.0.0.1:" + server.getPort());
  }

  /** Serves over TLS with {@code sockets} (a certificate for 127.0.0.1); call before requests. */
  public FakeAws useHttps(javax.net.ssl.SSLSocketFactory sockets) {
    server.useHttps(sockets);
    https = true;
    return this;
  }

  private boolean https;

  /** Every token carries this password, e.g. the stand-in registry's. */
  public FakeAws password(String fixed) {
    this.password = n -> fixed;
    return this;
  }

  /** The password of the n-th token issued (n from 1). */
  public FakeAws passwords(IntFunction<String> byNumber) {
    this.password = byNumber;
    return this;
  }

  /** The expiresAt of the tokens issued from now on; null leaves the field out. */
  public FakeAws expiresAt(Supplier<@Nullable Instant> expiresAt) {
    this.expiresAt = expiresAt;
    return this;
  }

  public FakeAws proxyEndpoint(String proxyEndpoint) {
    this.proxyEndpoint = proxyEndpoint;
    return this;
  }

  /**
   * Answers no ECR request before {@code latch} opens, so that concurrent callers pile up behind
   * the first one.
   */
  public FakeAws holdUntil(CountDownLatch latch) {
    this.holdUntil = latch;
    return this;
  }

  /**
   * The next ECR answer is an AWS JSON error, as ECR sends it: {@code {"__type":…,"message":…}}.
   */
  public FakeAws failNextToken(int status, String type, String message) {
    ecr.scripted.add(
        ecr.answer(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")
            .newBuilder()
            .addHeader("x-amzn-RequestId", "3f5c0a4e-0000-4000-8000-000000000000")
            .build());
    return this;
  }

  /** The next ECR answer is this raw body with status 200, e.g. a broken token. */
  public FakeAws answerNextToken(String json) {
    ecr.scripted.add(ecr.answer(200, json));
    return this;
  }

  /** The next STS answer is an STS XML error, as AWS sends it. */
  public FakeAws failNextAssumeRole(int status, String code, String message) {
    sts.scripted.add(
        sts.answer(
            status,
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error><RequestId>"
                + REQUEST_ID
                + "</RequestId></ErrorResponse>"));
    return this;
  }

  /** Requests that reached ECR (anything that is not an STS call, unknown operations included). */
  public int ecrRequests() {
    return ecr.count.get();
  }

  public int stsRequests() {
    return sts.count.get();
  }

  public RecordedRequest takeEcrRequest() throws InterruptedException {
    return ecr.take();
  }

  public RecordedRequest takeStsRequest() throws InterruptedException {
    return sts.take();
  }

  private MockResponse answer(RecordedRequest request) throws InterruptedException {
    // STS's query protocol posts a form with Action=AssumeRole; ECR's JSON protocol names the
    // operation in a header.
    boolean isSts =
        request.getHeaders().get("X-Amz-Target") == null
            && request.getBody() != null
            && request.getBody().utf8().contains("Action=AssumeRole");
    Api api = isSts ? sts : ecr;
    api.count.incrementAndGet();
    api.received.add(request);
    if (isSts) {
      MockResponse next = sts.scripted.poll();
      return next != null ? next : assumedRole();
    }
    CountDownLatch latch = holdUntil;
    if (latch != null && !latch.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the test never released the fake ECR");
    }
    if (!ECR_TARGET.equals(request.getHeaders().get("X-Amz-Target"))) {
      return new MockResponse.Builder()
          .code(400)
          .body("{\"__type\":\"UnknownOperationException\"}")
          .build();
    }
    MockResponse next = ecr.scripted.poll();
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
                Locale.ROOT,
                ",\"expiresAt\":%d.%03d",
                expiry.getEpochSecond(),
                expiry.getNano() / 1_000_000);
    return ecr.answer(
        200,
        "{\"authorizationData\":[{\"authorizationToken\":\""
            + token
            + "\""
            + expiryField
            + ",\"proxyEndpoint\":\""
            + proxyEndpoint
            + "\"}]}");
  }

  private MockResponse assumedRole() {
    // The SDK judges the session's expiry by the real clock, so it is an hour from now.
    Instant expiration = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    return sts.answer(
        200,
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
            + "<AssumedRoleUser><AssumedRoleId>AROA3XFRBF535PLBIFPI4:ecr-cname</AssumedRoleId>"
            + "<Arn>arn:aws:sts::123456789012:assumed-role/ecr-pull/ecr-cname</Arn></AssumedRoleUser>"
            + "<Credentials><AccessKeyId>"
            + ROLE_ACCESS_KEY_ID
            + "</AccessKeyId><SecretAccessKey>"
            + ROLE_SECRET_ACCESS_KEY
            + "</SecretAccessKey><SessionToken>"
            + ROLE_SESSION_TOKEN
            + "</SessionToken><Expiration>"
            + expiration
            + "</Expiration></Credentials></AssumeRoleResult>"
            + "<ResponseMetadata><RequestId>"
            + REQUEST_ID
            + "</RequestId></ResponseMetadata></AssumeRoleResponse>");
  }
}
