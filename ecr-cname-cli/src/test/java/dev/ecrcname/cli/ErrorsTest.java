package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.archive.ArchiveException;
import dev.ecrcname.auth.EcrAuthException;
import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.ContentException.Problem;
import dev.ecrcname.core.LocalException;
import dev.ecrcname.core.NotFoundException;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.PlatformNotFoundException;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.RegistryException.ErrorCode;
import dev.ecrcname.core.TransportException;
import dev.ecrcname.core.TransportException.Kind;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  @Test
  void aMultiLineMessageBecomesOneErrorLine() {
    assertThat(Errors.lines(new ContentException(Problem.INVALID, "first\n  second")))
        .containsExactly("ecr-cname: error: first second");
  }

  @Test
  void unknownTagHintsAtTheTagsCommand() {
    RegistryException e =
        new RegistryException(404, ErrorCode.MANIFEST_UNKNOWN, "manifest app:x not found");

    assertThat(Errors.lines(e)).hasSize(2).last().asString().contains("ecr-cname tags");
  }

  @Test
  void rejectedCredentialsHintAtCredentialsAndRegistry() {
    assertThat(Errors.hint(new RegistryAuthenticationException("rejected"))).contains("--registry");
  }

  @Test
  void untrustedCertificateHintsAtCaFile() {
    assertThat(Errors.hint(new TransportException(Kind.TLS_UNTRUSTED, "tags failed")))
        .contains("--ca-file");
  }

  @Test
  void certificateForAnotherNameHintsAtRegistry() {
    assertThat(Errors.hint(new TransportException(Kind.TLS_NAME, "tags failed")))
        .contains("--registry");
  }

  @Test
  void unresolvableNameAndRefusedConnectionPointAtEndpoint() {
    assertThat(Errors.hint(new TransportException(Kind.DNS, "x"))).contains("--endpoint");
    assertThat(Errors.hint(new TransportException(Kind.CONNECT, "x"))).contains("--endpoint");
    assertThat(Errors.hint(new TransportException(Kind.IO, "x"))).isNull();
  }

  @Test
  void eachBranchOfTheExceptionTreeHasItsOwnExitStatus() {
    assertThat(Errors.exitCode(new IllegalArgumentException("invalid repository name")))
        .isEqualTo(2);
    assertThat(Errors.exitCode(new NotFoundException(ErrorCode.MANIFEST_UNKNOWN, "no tag", true)))
        .isEqualTo(3);
    assertThat(Errors.exitCode(new RegistryException(429, ErrorCode.TOOMANYREQUESTS, "slow")))
        .isEqualTo(3);
    assertThat(Errors.exitCode(new RegistryAuthenticationException("rejected"))).isEqualTo(4);
    assertThat(Errors.exitCode(new TransportException(Kind.TIMEOUT, "read timed out")))
        .isEqualTo(5);
    assertThat(Errors.exitCode(new ContentException(Problem.INVALID, "not JSON"))).isEqualTo(6);
    assertThat(
            Errors.exitCode(
                new LocalException(
                    LocalException.Kind.CACHE, "cannot read the cache", new IOException("EIO"))))
        .isEqualTo(7);
    assertThat(Errors.exitCode(new ArchiveException("truncated tarball"))).isEqualTo(7);
    assertThat(Errors.exitCode(new IllegalStateException("a defect"))).isEqualTo(1);
  }

  @Test
  void anAwsTokenFailureExitsByItsReason() {
    // EcrAuthException has no public constructor; UsageIT and AwsCredentialsIT run it for real.
    assertThat(ExitStatus.ofAws(EcrAuthException.Reason.NO_REGION).code).isEqualTo(2);
    assertThat(ExitStatus.ofAws(EcrAuthException.Reason.NO_CREDENTIALS).code).isEqualTo(4);
    assertThat(ExitStatus.ofAws(EcrAuthException.Reason.ACCESS_DENIED).code).isEqualTo(4);
    assertThat(ExitStatus.ofAws(EcrAuthException.Reason.THROTTLED).code).isEqualTo(3);
    assertThat(ExitStatus.ofAws(EcrAuthException.Reason.INVALID_RESPONSE).code).isEqualTo(6);
    assertThat(ExitStatus.ofAws(EcrAuthException.Reason.OTHER).code)
        .as("the ECR API unreachable is the network's, worth a retry")
        .isEqualTo(5);
    assertThat(
            Errors.exitCode(
                new PlatformNotFoundException(
                    "app/multi:1.0",
                    Platform.parse("linux/s390x"),
                    List.of(Platform.parse("linux/amd64")))))
        .isEqualTo(3);
  }

  @Test
  void theHelpListsEveryExitStatusOnce() {
    assertThat(ExitStatus.helpList())
        .containsOnlyKeys("0", "1", "2", "3", "4", "5", "6", "7", "130");
  }

  @Test
  void aLayerCacheThatCannotBeWrittenHintsAtTheCacheOption() {
    LocalException e =
        new LocalException(
            LocalException.Kind.CACHE, "storing blob failed", new IOException("No space left"));

    assertThat(Errors.hint(e)).contains("--cache-dir");
  }

  @Test
  void aBare404HintsAtTheRegistryOptionWhateverCoreSays() {
    // Core's wording names no flag; the hint comes from the status and the missing error code.
    RegistryException e =
        new RegistryException(
            404,
            ErrorCode.UNKNOWN,
            "manifest got HTTP 404 without a registry error; check that the"
                + " registry host is the ECR host cname.example points at");

    assertThat(Errors.hint(e)).contains("--registry");
    assertThat(Errors.hint(new RegistryException(404, ErrorCode.MANIFEST_UNKNOWN, "x")))
        .doesNotContain("--registry");
    assertThat(Errors.hint(new RegistryException(500, ErrorCode.UNKNOWN, "x"))).isNull();
  }

  @Test
  void a404FromS3OrAForeignUrlDoesNotHintAtTheRegistryOption() {
    RegistryException fromS3 =
        new NotFoundException(
            ErrorCode.UNKNOWN, "blob failed: HTTP 404 from https://bucket/x", false);
    assertThat(Errors.hint(fromS3)).isNull();
  }

  @Test
  void missingPlatformHintsAtThePlatformOption() {
    PlatformNotFoundException e =
        new PlatformNotFoundException(
            "app/multi:1.0",
            Platform.parse("linux/s390x"),
            List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")));

    assertThat(Errors.hint(e)).contains("--platform");
  }

  @Test
  void anOptionFailureExitsWithItsStatusAndItsOwnHint() {
    OptionFailure e =
        new OptionFailure("cannot read CA file ca.pem: no such file", "check --ca-file", null);

    assertThat(Errors.exitCode(e)).isEqualTo(7);
    assertThat(
            Errors.exitCode(
                new OptionFailure(ExitStatus.CREDENTIALS, "helper failed", "check it", null)))
        .isEqualTo(4);
    assertThat(Errors.lines(e))
        .containsExactly(
            "ecr-cname: error: cannot read CA file ca.pem: no such file", "hint: check --ca-file");
  }

  @Test
  void anInterruptExits130AsAShellExpectsAfterCtrlC() {
    assertThat(Errors.exitCode(new TransportException(Kind.INTERRUPTED, "pull interrupted")))
        .isEqualTo(130);
    assertThat(Errors.exitCode(new InterruptedException())).isEqualTo(130);
    assertThat(
            Errors.exitCode(
                new LocalException(
                    LocalException.Kind.INTERRUPTED,
                    "pull interrupted",
                    new InterruptedException())))
        .isEqualTo(130);
  }

  @Test
  void anInterruptReadsAsInterrupted() {
    assertThat(Errors.message(new TransportException(Kind.INTERRUPTED, "pull interrupted")))
        .isEqualTo("interrupted");
  }
}
