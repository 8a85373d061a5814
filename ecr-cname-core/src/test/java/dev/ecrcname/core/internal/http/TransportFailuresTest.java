package dev.ecrcname.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.core.TransportException;
import dev.ecrcname.core.TransportException.Kind;
import dev.ecrcname.testing.RegistryPaths;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class TransportFailuresTest {
  static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  final RegistryEndpoint endpoint =
      new RegistryEndpoint(
          HttpUrl.get("https://docker-ecr.internal.example"), RegistryHost.parse(REGISTRY));

  static SSLHandshakeException handshake(Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException("handshake failed");
    e.initCause(cause);
    return e;
  }

  @Test
  void eachFailureIsNamedByWhatItMeans() {
    assertThat(TransportFailures.kind(new SocketTimeoutException())).isEqualTo(Kind.TIMEOUT);
    assertThat(TransportFailures.kind(new UnknownHostException("x"))).isEqualTo(Kind.DNS);
    assertThat(TransportFailures.kind(new ConnectException())).isEqualTo(Kind.CONNECT);
    assertThat(TransportFailures.kind(new NoRouteToHostException())).isEqualTo(Kind.CONNECT);
    assertThat(TransportFailures.kind(new RefusedHopException("no"))).isEqualTo(Kind.REFUSED);
    assertThat(TransportFailures.kind(new SSLPeerUnverifiedException("x")))
        .isEqualTo(Kind.TLS_NAME);
    assertThat(TransportFailures.kind(new IOException("reset"))).isEqualTo(Kind.IO);
  }

  @Test
  void interruptsAreInterruptsButTimeoutsAreNot() {
    assertThat(TransportFailures.kind(new InterruptedIOException())).isEqualTo(Kind.INTERRUPTED);
    assertThat(TransportFailures.kind(new ClosedByInterruptException()))
        .isEqualTo(Kind.INTERRUPTED);
    assertThat(TransportFailures.isInterrupt(new SocketTimeoutException())).isFalse();
    assertThat(TransportFailures.isInterrupt(new IOException())).isFalse();
  }

  @Test
  void handshakeFailuresAreToldApartByTheirCauses() {
    assertThat(TransportFailures.kind(handshake(new CertPathValidatorException("untrusted"))))
        .isEqualTo(Kind.TLS_UNTRUSTED);
    assertThat(
            TransportFailures.kind(
                handshake(new RuntimeException(new CertPathValidatorException("deep")))))
        .isEqualTo(Kind.TLS_UNTRUSTED);
    assertThat(TransportFailures.kind(handshake(new CertificateException("no name"))))
        .isEqualTo(Kind.TLS_NAME);
    assertThat(TransportFailures.kind(new SSLHandshakeException("protocol"))).isEqualTo(Kind.TLS);
  }

  @Test
  void aWrongNameOnTheCnameSaysWhichHostTheCertificateWasCheckedAgainst() {
    TransportException e =
        TransportFailures.of(
            "pull",
            HttpUrl.get("https://docker-ecr.internal.example" + RegistryPaths.base()),
            new SSLPeerUnverifiedException("Hostname not verified"),
            endpoint);

    assertThat(e.kind()).isEqualTo(Kind.TLS_NAME);
    assertThat(e)
        .hasMessageContaining("does not name the registry host " + REGISTRY)
        .hasMessageContaining("Hostname not verified");
  }

  @Test
  void otherFailuresShowTheUrlWithoutItsQuery() {
    TransportException e =
        TransportFailures.of(
            "blob",
            HttpUrl.get("https://bucket.s3.amazonaws.com/x?X-Amz-Signature=secret"),
            new IOException("reset"),
            endpoint);

    assertThat(e.kind()).isEqualTo(Kind.IO);
    assertThat(e)
        .hasMessageStartingWith("blob failed: https://bucket.s3.amazonaws.com/x?…")
        .hasMessageNotContaining("secret");
  }

  @Test
  void anInterruptSaysInterrupted() {
    TransportException e =
        TransportFailures.of(
            "blob", HttpUrl.get("https://x.example/"), new InterruptedIOException(), endpoint);

    assertThat(e).hasMessage("blob interrupted");
  }
}
