package dev.ecrcname.auth;

import static dev.ecrcname.auth.TestProviders.against;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.FakeAws;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
}
