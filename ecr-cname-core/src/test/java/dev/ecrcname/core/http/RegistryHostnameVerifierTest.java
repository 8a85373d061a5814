package dev.ecrcname.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
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
  final HeldCertificate ecrCert = new HeldCertificate.Builder()
      .addSubjectAlternativeName("*.dkr.ecr.us-east-1.amazonaws.com")
      .addSubjectAlternativeName("*.dkr.ecr.us-east-1.vpce.amazonaws.com")
      .signedBy(ca).build();
  final HandshakeCertificates trust =
      new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
  final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(ecrCert).build().sslSocketFactory());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  OkHttpClient client(String registryHost, HandshakeCertificates trust) {
    return new OkHttpClient.Builder()
        .dns(host -> List.of(InetAddress.getLoopbackAddress()))
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .hostnameVerifier(new RegistryHostnameVerifier(CNAME, registryHost))
        .build();
  }

  Request toCname() {
    return new Request.Builder().url("https://" + CNAME + ":" + server.getPort() + "/v2/").build();
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
        .isInstanceOf(SSLPeerUnverifiedException.class)
        .hasMessageContaining(CNAME);
  }

  @Test
  void registryHostOfAnotherRegionFailsVerification() {
    assertThatThrownBy(
            () -> client("123456789012.dkr.ecr.eu-west-1.amazonaws.com", trust).newCall(toCname()).execute())
        .isInstanceOf(SSLPeerUnverifiedException.class);
  }

  @Test
  void untrustedChainFailsEvenWithTheRightName() {
    HandshakeCertificates systemOnly = new HandshakeCertificates.Builder().addPlatformTrustedCertificates().build();
    assertThatThrownBy(() -> client(REGISTRY, systemOnly).newCall(toCname()).execute())
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void otherHostsAreVerifiedAgainstTheirOwnName() {
    Request s3 = new Request.Builder().url("https://bucket.s3.amazonaws.com:" + server.getPort() + "/x").build();
    assertThatThrownBy(() -> client(REGISTRY, trust).newCall(s3).execute())
        .isInstanceOf(SSLPeerUnverifiedException.class)
        .hasMessageContaining("bucket.s3.amazonaws.com");
  }
}
