package dev.ecrcname.auth;

import static dev.ecrcname.auth.TestProviders.against;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.testing.FakeAws;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CA file that the CNAME trusts also applies to the AWS calls (issue 12, defect 13). */
class AwsTrustTest {
  @RegisterExtension final FakeAws aws = new FakeAws();
  @TempDir Path dir;
  Path caFile;

  @BeforeEach
  void privateCa() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate cert =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").signedBy(ca).build();
    aws.useHttps(
        new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
    caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
  }

  @Test
  void anEcrEndpointSignedByAPrivateCaIsRefusedWithoutTheCaFile() {
    try (EcrCredentialsProvider provider = against(aws).build()) {
      assertThatThrownBy(provider::credentials).isInstanceOf(EcrAuthException.class);
    }
    assertThat(aws.ecrRequests()).isZero();
  }

  @Test
  void theCaFileIsTrustedForTheEcrCall() {
    try (EcrCredentialsProvider provider = against(aws).trustedCertificates(caFile).build()) {
      assertThat(provider.credentials().password()).isNotEmpty();
    }
    assertThat(aws.ecrRequests()).isEqualTo(1);
  }
}
