package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.EcrCnameException;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.RegistryException.ErrorCode;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  @Test
  void aMultiLineMessageBecomesOneErrorLine() {
    assertThat(Errors.lines(new EcrCnameException("first\n  second")))
        .containsExactly("ecr-cname: error: first second");
  }

  @Test
  void unknownTagHintsAtTheTagsCommand() {
    RegistryException e = new RegistryException(404, ErrorCode.MANIFEST_UNKNOWN, "manifest app:x not found");

    assertThat(Errors.lines(e)).hasSize(2).last().asString().contains("ecr-cname tags");
  }

  @Test
  void rejectedCredentialsHintAtCredentialsAndRegistry() {
    assertThat(Errors.hint(new RegistryAuthenticationException("rejected"))).contains("--registry");
  }

  @Test
  void untrustedCertificateHintsAtCaFile() {
    SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
    handshake.initCause(new CertPathValidatorException("no trust anchor"));

    assertThat(Errors.hint(new EcrCnameException("tags failed", handshake))).contains("--ca-file");
  }

  @Test
  void unresolvableNameAndRefusedConnectionPointAtEndpoint() {
    assertThat(Errors.hint(new EcrCnameException("x", new UnknownHostException("cname.example"))))
        .contains("cname.example")
        .contains("--endpoint");
    assertThat(Errors.hint(new EcrCnameException("x", new ConnectException("refused")))).contains("--endpoint");
  }

  @Test
  void badInputExitsTwoAndFailuresOne() {
    assertThat(Errors.exitCode(new IllegalArgumentException("invalid repository name"))).isEqualTo(2);
    assertThat(Errors.exitCode(new EcrCnameException("failed"))).isEqualTo(1);
  }

  @Test
  void anInterruptReadsAsInterrupted() {
    assertThat(Errors.message(new EcrCnameException("pull interrupted", new InterruptedException())))
        .isEqualTo("interrupted");
  }
}
