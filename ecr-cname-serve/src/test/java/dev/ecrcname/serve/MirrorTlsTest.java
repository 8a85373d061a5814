package dev.ecrcname.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener from PEM files, with client certificates required (mutual TLS). */
class MirrorTlsTest {
  @TempDir Path dir;

  @Test
  void withAClientCaOnlyAClientWithACertificateSignedByItIsAnswered() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate server =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").signedBy(ca).build();
    HeldCertificate client = new HeldCertificate.Builder().signedBy(ca).build();
    Path cert = Files.writeString(dir.resolve("tls.crt"), server.certificatePem());
    Path key = Files.writeString(dir.resolve("tls.key"), server.privateKeyPkcs8Pem());
    Path clientCa = Files.writeString(dir.resolve("client-ca.crt"), ca.certificatePem());
    try (RegistryClient upstream =
            RegistryClient.builder().endpoint(URI.create("https://upstream.invalid")).build();
        MirrorServer mirror =
            MirrorServer.builder()
                .client(upstream)
                .port(0)
                .tls(cert, key)
                .clientCa(clientCa)
                .start()) {
      String url = "https://localhost:" + mirror.port() + RegistryPaths.base();
      try (Response r = call(https(ca, client), url)) {
        assertThat(r.code()).isEqualTo(200);
      }
      assertThatThrownBy(() -> call(https(ca, null), url).close()).isInstanceOf(IOException.class);
    }
  }

  private static OkHttpClient https(HeldCertificate ca, HeldCertificate client) {
    HandshakeCertificates.Builder b =
        new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate());
    if (client != null) {
      b.heldCertificate(client);
    }
    HandshakeCertificates certificates = b.build();
    return new OkHttpClient.Builder()
        .sslSocketFactory(certificates.sslSocketFactory(), certificates.trustManager())
        .build();
  }

  private static Response call(OkHttpClient http, String url) throws IOException {
    return http.newCall(new Request.Builder().url(url).build()).execute();
  }
}
