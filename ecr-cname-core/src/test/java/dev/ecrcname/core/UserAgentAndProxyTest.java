package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.FakeRegistry;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The User-Agent on every hop, and the proxy settings of the builder. */
class UserAgentAndProxyTest {
  static final String S3 = "prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com";

  /** ecr-cname/VERSION (Java X; OS/ARCH), the version filled in by the build. */
  static final String OURS =
      "ecr-cname/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java "
          + java.util.regex.Pattern.quote(System.getProperty("java.version"))
          + "; "
          + java.util.regex.Pattern.quote(
              System.getProperty("os.name") + "/" + System.getProperty("os.arch"))
          + "\\)";

  @RegisterExtension final FakeRegistry registry = new FakeRegistry();
  final MockWebServer server = registry.server();
  final MockWebServer s3 = registry.other();
  @TempDir Path cache;

  /** A pull whose layer redirects to the S3 server; returns what S3 saw. */
  RecordedRequest pullWithRedirect(RegistryClientBuilder builder) throws Exception {
    FakeImage image = FakeImage.create("amd64", 100);
    image.serve(
        registry,
        0,
        FakeRegistry.redirect("http://" + S3 + ":" + s3.getPort() + "/layer?X-Amz-S=1"));
    s3.enqueue(new MockResponse.Builder().body(new Buffer().write(image.layers().get(0))).build());
    try (RegistryClient client = builder.build()) {
      client.pull("app/small", "1.0");
    }
    return s3.takeRequest();
  }

  List<RecordedRequest> registryRequests() throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      all.add(server.takeRequest());
    }
    return all;
  }

  @Test
  void everyHopCarriesEcrCnamesUserAgentWithVersionJavaAndPlatform() throws Exception {
    RecordedRequest atS3 = pullWithRedirect(TestClients.fake(registry, cache));

    assertThat(atS3.getHeaders().get("User-Agent")).matches(OURS);
    List<RecordedRequest> hops = registryRequests();
    assertThat(hops).hasSizeGreaterThanOrEqualTo(3);
    assertThat(hops).allSatisfy(r -> assertThat(r.getHeaders().get("User-Agent")).matches(OURS));
  }

  @Test
  void theCallersProductTokenComesFirst() throws Exception {
    RecordedRequest atS3 =
        pullWithRedirect(TestClients.fake(registry, cache).userAgent("myproduct/1.2"));

    assertThat(atS3.getHeaders().get("User-Agent")).matches("myproduct/1\\.2 " + OURS);
    assertThat(registryRequests())
        .allSatisfy(
            r -> assertThat(r.getHeaders().get("User-Agent")).matches("myproduct/1\\.2 " + OURS));
  }

  @Test
  void aProductTokenThatCannotBeAHeaderIsRefused() {
    assertThatThrownBy(() -> RegistryClient.builder().userAgent("my\nproduct"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> RegistryClient.builder().userAgent(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The fake registry doubles as an HTTP proxy: requests arrive there in absolute form, and the
   * CNAME is never resolved by the client (the resolver would fail), only by the proxy.
   */
  @Test
  void theProxySelectorsProxyCarriesEveryHopAndGetsItsCredentialsAfter407() throws Exception {
    registry.image("app/small", "1.0", FakeImage.create("amd64", 10));
    MockWebServer proxy = new MockWebServer();
    proxy.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
            if (r.getHeaders().get("Proxy-Authorization") == null) {
              return new MockResponse.Builder()
                  .code(407)
                  .setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
                  .build();
            }
            return registry.dispatch(r);
          }
        });
    proxy.start();
    try (RegistryClient client =
        TestClients.fake(registry, cache)
            .resolver(
                host -> {
                  throw new UnknownHostException("the client must not resolve " + host);
                })
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.getPort())))
            .proxyCredentials(new ProxyCredentials("alice", "pr0xy-pass"))
            .build()) {
      client.manifest("app/small", "1.0");
    } finally {
      proxy.close();
    }
    RecordedRequest refused = proxy.takeRequest();
    assertThat(refused.getHeaders().get("Proxy-Authorization")).isNull();
    RecordedRequest answered = proxy.takeRequest();
    assertThat(answered.getUrl().host()).isEqualTo(FakeRegistry.CNAME);
    assertThat(answered.getHeaders().get("Proxy-Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("alice", "pr0xy-pass"));
    assertThat(answered.getHeaders().get("User-Agent")).matches(OURS);
  }

  /**
   * Issue 21, defect 3: a 407 from the origin inside the CONNECT tunnel is not the proxy asking.
   * One server plays both: the proxy (it answers the CONNECT) and, over TLS in the tunnel, the
   * origin that answers 407 to see whether the proxy's password comes to it.
   */
  @Test
  void proxyCredentialsNeverReachTheOriginWhenItAnswers407InsideTheTunnel() throws Exception {
    MockWebServer proxyAndOrigin = new MockWebServer();
    Path ca = TestClients.https(proxyAndOrigin, "*.dkr.ecr.us-east-1.amazonaws.com", cache);
    proxyAndOrigin.enqueue(new MockResponse.Builder().inTunnel().build());
    MockResponse originAsks =
        new MockResponse.Builder()
            .code(407)
            .setHeader("Proxy-Authenticate", "Basic realm=\"origin\"")
            .build();
    proxyAndOrigin.enqueue(originAsks);
    proxyAndOrigin.enqueue(originAsks);
    proxyAndOrigin.start();
    try (RegistryClient client =
        TestClients.fake(registry, cache)
            .endpoint(URI.create("https://" + FakeRegistry.CNAME + ":" + proxyAndOrigin.getPort()))
            .trustedCertificates(ca)
            .transport(t -> t.withMaxAttempts(1))
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyAndOrigin.getPort())))
            .proxyCredentials(new ProxyCredentials("alice", "pr0xy-pass"))
            .build()) {
      assertThatThrownBy(() -> client.manifest("app/small", "1.0"))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.status()).isEqualTo(407));
    } finally {
      proxyAndOrigin.close();
    }
    RecordedRequest connect = proxyAndOrigin.takeRequest();
    assertThat(connect.getMethod()).isEqualTo("CONNECT");
    assertThat(connect.getHeaders().get("Proxy-Authorization"))
        .as("the proxy gets its credentials on the CONNECT")
        .isEqualTo(okhttp3.Credentials.basic("alice", "pr0xy-pass"));
    List<RecordedRequest> atOrigin = new ArrayList<>();
    for (RecordedRequest r; (r = proxyAndOrigin.takeRequest(0, TimeUnit.SECONDS)) != null; ) {
      atOrigin.add(r);
    }
    assertThat(atOrigin).hasSize(1);
    assertThat(atOrigin)
        .allSatisfy(r -> assertThat(r.getHeaders().get("Proxy-Authorization")).isNull());
  }

  @Test
  void proxyCredentialsNeverShowThePassword() {
    assertThat(new ProxyCredentials("alice", "pr0xy-pass").toString())
        .contains("alice")
        .doesNotContain("pr0xy-pass");
  }
}
