package dev.ecrcname.auth;

import static dev.ecrcname.auth.TestProviders.against;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.ProxyCredentials;
import dev.ecrcname.testing.FakeAws;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The AWS calls take the proxy the caller's selector picks. */
class ProxyTest {
  @RegisterExtension final FakeAws aws = new FakeAws();

  /**
   * The ECR endpoint's name does not resolve; the fake AWS doubles as the HTTP proxy, so the token
   * arrives only if the call went through the selector's proxy, in absolute form.
   */
  @Test
  void getAuthorizationTokenGoesThroughTheSelectedProxy() throws Exception {
    List<URI> asked = new CopyOnWriteArrayList<>();
    Proxy fakeAwsAsProxy =
        new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", aws.endpoint().getPort()));
    ProxySelector selector =
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            asked.add(uri);
            return List.of(fakeAwsAsProxy);
          }

          @Override
          public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        };
    URI unresolvable = URI.create("http://api.ecr.us-east-1.proxied.invalid:8080");
    aws.password("through-the-proxy");
    try (EcrCredentialsProvider provider =
        against(aws).ecrEndpoint(unresolvable).proxy(selector).build()) {
      assertThat(provider.credentials().password()).isEqualTo("through-the-proxy");
    }
    assertThat(asked).extracting(URI::getHost).contains("api.ecr.us-east-1.proxied.invalid");
    RecordedRequest request = aws.takeEcrRequest();
    assertThat(request.getTarget()).startsWith("http://api.ecr.us-east-1.proxied.invalid:8080/");
  }

  /**
   * Issue 21, defect 3, for the AWS calls: a 407 from the origin inside the CONNECT tunnel is not
   * the proxy asking, so the proxy's password never reaches it. One server plays the proxy (it
   * answers the CONNECT) and, over TLS in the tunnel, the origin that answers 407.
   */
  @Test
  void proxyCredentialsNeverReachTheOriginWhenItAnswers407InsideTheTunnel(@TempDir Path dir)
      throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate cert =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("api.ecr.us-east-1.proxied.invalid")
            .signedBy(ca)
            .build();
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    try (MockWebServer proxyAndOrigin = new MockWebServer()) {
      proxyAndOrigin.useHttps(
          new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
      proxyAndOrigin.enqueue(new MockResponse.Builder().inTunnel().build());
      for (int i = 0; i < 4; i++) {
        proxyAndOrigin.enqueue(
            new MockResponse.Builder()
                .code(407)
                .setHeader("Proxy-Authenticate", "Basic realm=\"origin\"")
                .build());
      }
      proxyAndOrigin.start();
      Proxy proxy =
          new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxyAndOrigin.getPort()));
      URI origin = URI.create("https://api.ecr.us-east-1.proxied.invalid:443");
      try (EcrCredentialsProvider provider =
          against(aws)
              .ecrEndpoint(origin)
              .trustedCertificates(caFile)
              .proxy(ProxySelector.of(proxy.address() instanceof InetSocketAddress a ? a : null))
              .proxyCredentials(new ProxyCredentials("alice", "pr0xy-pass"))
              .retryStrategy(TestProviders.immediateRetries(1))
              .build()) {
        assertThatThrownBy(provider::credentials).isInstanceOf(EcrAuthException.class);
      }
      List<RecordedRequest> all = new ArrayList<>();
      for (RecordedRequest r; (r = proxyAndOrigin.takeRequest(0, TimeUnit.SECONDS)) != null; ) {
        all.add(r);
      }
      assertThat(all).first().extracting(RecordedRequest::getMethod).isEqualTo("CONNECT");
      assertThat(all.subList(1, all.size()))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.getHeaders().get("Proxy-Authorization")).isNull());
    }
  }
}
