package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.testing.RegistryPaths;
import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryHostnameVerifierTest {
  static final String CNAME = "docker-ecr.internal.example";
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

  final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
  final HeldCertificate ecrCert =
      new HeldCertificate.Builder()
          .addSubjectAlternativeName("*.dkr.ecr.us-east-1.amazonaws.com")
          .addSubjectAlternativeName("*.dkr.ecr.us-east-1.vpce.amazonaws.com")
          .signedBy(ca)
          .build();
  final HandshakeCertificates trust =
      new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
  final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.useHttps(
        new HandshakeCertificates.Builder().heldCertificate(ecrCert).build().sslSocketFactory());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  OkHttpClient client(String registryHost, HandshakeCertificates trust) {
    RegistryEndpoint endpoint =
        new RegistryEndpoint(
            HttpUrl.get("https://" + CNAME + ":" + server.getPort()),
            RegistryHost.parse(registryHost));
    return new OkHttpClient.Builder()
        .dns(host -> List.of(InetAddress.getLoopbackAddress()))
        .sslSocketFactory(
            new RegistrySniSocketFactory(trust.sslSocketFactory(), endpoint), trust.trustManager())
        .hostnameVerifier(new RegistryHostnameVerifier(endpoint))
        .build();
  }

  Request toCname() {
    return new Request.Builder()
        .url("https://" + CNAME + ":" + server.getPort() + RegistryPaths.base())
        .build();
  }

  @Test
  void cnameIsVerifiedAgainstTheRegistryHost() throws Exception {
    try (var response = client(REGISTRY, trust).newCall(toCname()).execute()) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
  }

  @Test
  void cnameAloneFailsHostnameVerification() {
    assertThatThrownBy(() -> client(CNAME, trust).newCall(toCname()).execute())
        .isInstanceOf(SSLException.class)
        .hasMessageContaining(CNAME);
  }

  @Test
  void registryHostOfAnotherRegionFailsVerification() {
    assertThatThrownBy(
            () ->
                client("123456789012.dkr.ecr.eu-west-1.amazonaws.com", trust)
                    .newCall(toCname())
                    .execute())
        .isInstanceOf(SSLException.class)
        .hasMessageContaining("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
  }

  @Test
  void untrustedChainFailsEvenWithTheRightName() {
    HandshakeCertificates systemOnly =
        new HandshakeCertificates.Builder().addPlatformTrustedCertificates().build();
    assertThatThrownBy(() -> client(REGISTRY, systemOnly).newCall(toCname()).execute())
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void otherHostsAreVerifiedAgainstTheirOwnName() {
    Request s3 =
        new Request.Builder()
            .url("https://bucket.s3.amazonaws.com:" + server.getPort() + "/x")
            .build();
    assertThatThrownBy(() -> client(REGISTRY, trust).newCall(s3).execute())
        .isInstanceOf(SSLException.class)
        .hasMessageContaining("bucket.s3.amazonaws.com");
  }

  @Test
  void aSessionCheckedAgainstAnotherNameIsRefused() {
    RegistryEndpoint endpoint =
        new RegistryEndpoint(HttpUrl.get("https://" + CNAME), RegistryHost.parse(REGISTRY));
    RegistryHostnameVerifier verifier = new RegistryHostnameVerifier(endpoint);
    SSLSession checkedAsCname = sessionWithPeerHost(CNAME);
    SSLSession checkedAsRegistry = sessionWithPeerHost(REGISTRY);
    assertThat(verifier.verify(CNAME, checkedAsCname)).isFalse();
    assertThat(verifier.verify(CNAME, checkedAsRegistry)).isTrue();
    assertThat(verifier.verify("bucket.s3.amazonaws.com", checkedAsRegistry)).isFalse();
  }

  /**
   * A session of which the verifier reads only the peer host: the name the JDK checked the
   * certificate against.
   */
  private static SSLSession sessionWithPeerHost(String host) {
    return (SSLSession)
        java.lang.reflect.Proxy.newProxyInstance(
            SSLSession.class.getClassLoader(),
            new Class<?>[] {SSLSession.class},
            (proxy, method, args) -> method.getName().equals("getPeerHost") ? host : null);
  }
}
