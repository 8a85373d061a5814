package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.testing.RegistryPaths;
import java.net.InetAddress;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistrySniSocketFactoryTest {
  static final String CNAME = "docker-ecr.internal.example";
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  static final String S3 = "bucket.s3.us-east-1.amazonaws.com";

  final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
  final MockWebServer server = new MockWebServer();
  OkHttpClient client;

  @BeforeEach
  void start() throws Exception {
    HeldCertificate cert =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("*.dkr.ecr.us-east-1.amazonaws.com")
            .addSubjectAlternativeName("*.s3.us-east-1.amazonaws.com")
            .signedBy(ca)
            .build();
    server.useHttps(
        new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
    server.start();
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
    client =
        new OkHttpClient.Builder()
            .dns(host -> List.of(InetAddress.getLoopbackAddress()))
            .sslSocketFactory(
                new RegistrySniSocketFactory(trust.sslSocketFactory(), endpoint()),
                trust.trustManager())
            .hostnameVerifier(new RegistryHostnameVerifier(endpoint()))
            .build();
  }

  RegistryEndpoint endpoint() {
    return new RegistryEndpoint(
        HttpUrl.get("https://" + CNAME + ":" + server.getPort()), RegistryHost.parse(REGISTRY));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  List<String> serverNamesSeenFor(String host) throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (Response response =
        client
            .newCall(
                new Request.Builder()
                    .url("https://" + host + ":" + server.getPort() + RegistryPaths.base())
                    .build())
            .execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    return server.takeRequest().getHandshakeServerNames();
  }

  @Test
  void cnameConnectionsNameTheRegistryHostInSni() throws Exception {
    assertThat(serverNamesSeenFor(CNAME)).containsExactly(REGISTRY);
  }

  @Test
  void otherHostsNameThemselvesInSni() throws Exception {
    assertThat(serverNamesSeenFor(S3)).containsExactly(S3);
  }

  @Test
  void certificateThatDoesNotNameTheRegistryHostFailsTheHandshake() throws Exception {
    HeldCertificate other =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("*.example.org")
            .signedBy(ca)
            .build();
    try (MockWebServer impostor = new MockWebServer()) {
      impostor.useHttps(
          new HandshakeCertificates.Builder().heldCertificate(other).build().sslSocketFactory());
      impostor.start();
      impostor.enqueue(new MockResponse.Builder().body("ok").build());
      HttpUrl cname = HttpUrl.get("https://" + CNAME + ":" + impostor.getPort());
      RegistryEndpoint endpoint = new RegistryEndpoint(cname, RegistryHost.parse(REGISTRY));
      HandshakeCertificates trust =
          new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
      OkHttpClient toImpostor =
          client
              .newBuilder()
              .sslSocketFactory(
                  new RegistrySniSocketFactory(trust.sslSocketFactory(), endpoint),
                  trust.trustManager())
              .hostnameVerifier(new RegistryHostnameVerifier(endpoint))
              .build();

      assertThatThrownBy(
              () ->
                  toImpostor
                      .newCall(
                          new Request.Builder().url(cname.resolve(RegistryPaths.base())).build())
                      .execute()
                      .close())
          .as("the JDK checks the name in the handshake; the verifier only checks which name")
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }
}
