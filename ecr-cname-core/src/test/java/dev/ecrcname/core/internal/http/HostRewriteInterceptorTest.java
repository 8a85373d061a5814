package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.RegistryHost;
import java.net.InetAddress;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

class HostRewriteInterceptorTest {
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

  @Test
  void cnameHopOverHttp2SendsRegistryHostAsAuthority() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate cert =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("*.dkr.ecr.us-east-1.amazonaws.com")
            .signedBy(ca)
            .build();
    HandshakeCertificates client =
        new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(
          new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
      server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      server.enqueue(new MockResponse.Builder().body("{}").build());
      server.start();
      RegistryEndpoint endpoint =
          new RegistryEndpoint(
              HttpUrl.get("https://docker-ecr.internal.example:" + server.getPort()),
              RegistryHost.parse(REGISTRY));
      OkHttpClient http =
          new OkHttpClient.Builder()
              .dns(host -> List.of(InetAddress.getLoopbackAddress()))
              .sslSocketFactory(
                  new RegistrySniSocketFactory(client.sslSocketFactory(), endpoint),
                  client.trustManager())
              .hostnameVerifier(new RegistryHostnameVerifier(endpoint))
              .addNetworkInterceptor(new HostRewriteInterceptor(endpoint))
              .build();
      try (Response response =
          http.newCall(
                  new Request.Builder()
                      .url(endpoint.cname().newBuilder().addPathSegment("v2").build())
                      .build())
              .execute()) {
        assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      }
      RecordedRequest request = server.takeRequest();
      assertThat(request.getHeaders().get(":authority")).isEqualTo(endpoint.hostHeader());
    }
  }

  @Test
  void otherHostsKeepTheirOwnHost() throws Exception {
    try (MockWebServer s3 = new MockWebServer()) {
      s3.enqueue(new MockResponse.Builder().body("blob").build());
      s3.start();
      RegistryEndpoint endpoint =
          new RegistryEndpoint(
              HttpUrl.get("http://docker-ecr.internal.example"), RegistryHost.parse(REGISTRY));
      OkHttpClient http =
          new OkHttpClient.Builder()
              .dns(host -> List.of(InetAddress.getLoopbackAddress()))
              .addNetworkInterceptor(new HostRewriteInterceptor(endpoint))
              .build();
      HttpUrl url = HttpUrl.get("http://bucket.s3.amazonaws.com:" + s3.getPort() + "/blob");
      http.newCall(new Request.Builder().url(url).build()).execute().close();
      assertThat(s3.takeRequest().getHeaders().get("Host"))
          .isEqualTo("bucket.s3.amazonaws.com:" + s3.getPort());
    }
  }

  @Test
  void hostHeaderOmitsTheDefaultPortAndKeepsOthers() {
    assertThat(
            new RegistryEndpoint(HttpUrl.get("https://cname.example"), RegistryHost.parse(REGISTRY))
                .hostHeader())
        .isEqualTo(REGISTRY);
    assertThat(
            new RegistryEndpoint(
                    HttpUrl.get("https://cname.example:8443"), RegistryHost.parse(REGISTRY))
                .hostHeader())
        .isEqualTo(REGISTRY + ":8443");
  }
}
