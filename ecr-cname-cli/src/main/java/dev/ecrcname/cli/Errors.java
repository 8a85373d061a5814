package dev.ecrcname.cli;

import dev.ecrcname.auth.EcrAuthException;
import dev.ecrcname.core.ForeignRegistryException;
import dev.ecrcname.core.LocalException;
import dev.ecrcname.core.PlatformNotFoundException;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.RegistryException.ErrorCode;
import dev.ecrcname.core.TransportException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns an exception into what a person reads: one line {@code ecr-cname: error: …} and, where we
 * know the usual cause, a {@code hint:} line naming the option to check. Core's messages already
 * name what to fix where core knows it (the Host 404, the certificate name, the credentials); hints
 * here add what only the command line knows. Both go by the exception's type and its typed fields,
 * never by walking causes or reading message text.
 */
final class Errors {
  private Errors() {}

  /** The error line and the hint line, if any. */
  static List<String> lines(Throwable e) {
    List<String> lines = new ArrayList<>();
    lines.add("ecr-cname: error: " + oneLine(message(e)));
    String hint = hint(e);
    if (hint != null) {
      lines.add("hint: " + hint);
    }
    return lines;
  }

  /** The exit status by the failure's branch (see {@link ExitStatus}). */
  static int exitCode(Throwable e) {
    return ExitStatus.of(e).code;
  }

  static String message(Throwable e) {
    if (isInterrupt(e)) {
      return "interrupted";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "unexpected " + e.getClass().getSimpleName() + " (run with -v for the stack trace)";
    }
    return message;
  }

  /** Hints name our flags; core's messages describe the problem without them. */
  static @Nullable String hint(Throwable e) {
    if (e instanceof OptionFailure failure) {
      return failure.hint();
    }
    if (e instanceof ForeignRegistryException foreign) {
      return "give the image without a host, or name "
          + foreign.referenceHost()
          + " with --registry (and its CNAME with --endpoint)";
    }
    if (e instanceof PlatformNotFoundException) {
      return "choose one of the platforms it offers with --platform OS/ARCH[/VARIANT], e.g. --platform linux/arm64";
    }
    if (e instanceof RegistryAuthenticationException) {
      return "check the credentials (--username/--password-stdin, or the AWS account and region) and that"
          + " --registry is the ECR host the CNAME points at";
    }
    if (e instanceof RegistryException r) {
      return registryHint(r);
    }
    if (e instanceof TransportException t) {
      return transportHint(t);
    }
    if (e instanceof LocalException l && l.kind() == LocalException.Kind.CACHE) {
      return "the layer cache is --cache-dir (default $XDG_CACHE_HOME/ecr-cname or ~/.cache/ecr-cname);"
          + " check its free space and permissions, or see its size with: ecr-cname cache ls";
    }
    if (e instanceof EcrAuthException a && a.reason() == EcrAuthException.Reason.NO_REGION) {
      return "pass --region, or set AWS_REGION";
    }
    if (e instanceof EcrAuthException a && a.reason() == EcrAuthException.Reason.NO_CREDENTIALS) {
      return "pass --profile NAME, run where an instance or container role is available, or give"
          + " --username and --password-stdin; -v shows what each AWS source said";
    }
    return null;
  }

  private static @Nullable String registryHint(RegistryException r) {
    if (r.code() == ErrorCode.MANIFEST_UNKNOWN) {
      return "list the repository's tags with: ecr-cname tags REPOSITORY";
    }
    if (r.code() == ErrorCode.NAME_UNKNOWN) {
      return "check the repository name, and that --registry names the account and region that hold it";
    }
    if (r.code() == ErrorCode.TAG_INVALID) {
      return "choose a tag that does not exist yet: a tag-immutable ECR repository never moves one";
    }
    // ECR's front door answers a Host it does not know with a bare 404: the registry host is wrong.
    // A 404 from S3 or a foreign URL says nothing about --registry (issue 12, defect 13).
    if (r.status() == 404 && r.code() == ErrorCode.UNKNOWN && r.fromRegistry()) {
      return "set --registry (or ECR_CNAME_REGISTRY) to the ECR host the CNAME points at, e.g."
          + " 123456789012.dkr.ecr.us-east-1.amazonaws.com";
    }
    return null;
  }

  private static @Nullable String transportHint(TransportException t) {
    return switch (t.kind()) {
      case TLS_UNTRUSTED ->
          "the server's certificate is not signed by a CA this JVM trusts; for a private CA pass it with"
              + " --ca-file PEM";
      case TLS_NAME ->
          "the certificate is checked against --registry, not against --endpoint; set --registry to the ECR host";
      case DNS -> "the name does not resolve; check --endpoint and your DNS";
      case CONNECT -> "nothing accepted the connection; check the host and port of --endpoint";
      default -> null;
    };
  }

  /**
   * Ctrl-C (an InterruptedException from {@link Interrupts}), or a transfer or local work that
   * ended by interrupt.
   */
  static boolean isInterrupt(Throwable e) {
    return e instanceof InterruptedException
        || (e instanceof TransportException t && t.kind() == TransportException.Kind.INTERRUPTED)
        || (e instanceof LocalException l && l.kind() == LocalException.Kind.INTERRUPTED);
  }

  /** One line, with nothing a terminal would act on: messages carry the server's words. */
  private static String oneLine(String text) {
    return Terminal.safe(text.strip().replaceAll("\\s*\\R\\s*", " "));
  }
}
