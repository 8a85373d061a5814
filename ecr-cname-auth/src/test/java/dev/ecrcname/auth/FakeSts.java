package dev.ecrcname.auth;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A fake STS on mockwebserver3, reached through {@code stsEndpoint}: answers AssumeRole in AWS's query/XML form. */
final class FakeSts implements AutoCloseable {
  static final String ACCESS_KEY_ID = "ASIAASSUMEDROLEKEY01";
  static final String SECRET_ACCESS_KEY = "assumed-role-secret-key-do-not-leak";
  static final String SESSION_TOKEN = "assumed-role-session-token-do-not-leak";

  private final MockWebServer server = new MockWebServer();
  private final Queue<MockResponse> scripted = new ConcurrentLinkedQueue<>();

  private FakeSts() {}

  static FakeSts start() throws IOException {
    FakeSts fake = new FakeSts();
    fake.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse next = fake.scripted.poll();
            return next != null ? next : assumedRole();
          }
        });
    fake.server.start();
    return fake;
  }

  URI endpoint() {
    return URI.create("http://" + server.getHostName() + ":" + server.getPort());
  }

  /** The next answer is an STS XML error, as AWS sends it. */
  FakeSts failNext(int status, String code, String message) {
    scripted.add(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "text/xml")
            .body(
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<Error><Type>Sender</Type><Code>"
                    + code
                    + "</Code><Message>"
                    + message
                    + "</Message></Error>"
                    + "<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>")
            .build());
    return this;
  }

  int requestCount() {
    return server.getRequestCount();
  }

  RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the fake STS");
    }
    return request;
  }

  private static MockResponse assumedRole() {
    // The SDK judges the session's expiry by the real clock, so it is an hour from now.
    Instant expiration = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/xml")
        .body(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<AssumedRoleUser><AssumedRoleId>AROA3XFRBF535PLBIFPI4:ecr-cname</AssumedRoleId>"
                + "<Arn>arn:aws:sts::123456789012:assumed-role/ecr-pull/ecr-cname</Arn></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>"
                + ACCESS_KEY_ID
                + "</AccessKeyId><SecretAccessKey>"
                + SECRET_ACCESS_KEY
                + "</SecretAccessKey><SessionToken>"
                + SESSION_TOKEN
                + "</SessionToken><Expiration>"
                + expiration
                + "</Expiration></Credentials></AssumeRoleResult>"
                + "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
                + "</ResponseMetadata></AssumeRoleResponse>")
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
