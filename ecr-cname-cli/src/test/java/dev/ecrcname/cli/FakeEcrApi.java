package dev.ecrcname.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The ECR API's GetAuthorizationToken on mockwebserver3, for {@code --ecr-endpoint-url}: it hands out the stand-in's
 * password as a token for the stand-in's registry host, as ECR hands out one for yours. (ecr-cname-auth's tests have a
 * richer FakeEcr; this is the minimum the command line needs, and test classes are not shared across modules.)
 */
final class FakeEcrApi implements AutoCloseable {
  static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";

  private final MockWebServer server = new MockWebServer();

  FakeEcrApi(String password, String registryHost) throws IOException {
    String token =
        Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
    long expires = Instant.now().plusSeconds(12 * 3600).getEpochSecond();
    String body =
        "{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":" + expires
            + ",\"proxyEndpoint\":\"https://" + registryHost + "\"}]}";
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            boolean token = TARGET.equals(request.getHeaders().get("X-Amz-Target"));
            return new MockResponse.Builder()
                .code(token ? 200 : 400)
                .addHeader("Content-Type", "application/x-amz-json-1.1")
                .body(token ? body : "{\"__type\":\"UnknownOperationException\"}")
                .build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  int requests() {
    return server.getRequestCount();
  }

  /** Fake AWS credentials in the environment, and no profile files: the SDK's default chain finds only these. */
  static Map<String, String> awsEnvironment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_CONFIG_FILE", "/nonexistent/ecr-cname-it/config",
        "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ecr-cname-it/credentials",
        "AWS_EC2_METADATA_DISABLED", "true");
  }

  @Override
  public void close() {
    server.close();
  }
}
