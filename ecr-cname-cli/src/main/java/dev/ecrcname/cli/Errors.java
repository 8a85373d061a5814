package dev.ecrcname.cli;

import dev.ecrcname.core.PlatformNotFoundException;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.RegistryException.ErrorCode;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * Turns an exception into what a person reads: one line {@code ecr-cname: error: …} and, where we know the usual
 * cause, a {@code hint:} line naming the option to check. Core's messages already name what to fix where core knows
 * it (the Host 404, the certificate name, the credentials); hints here add what only the command line knows.
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

  /** 128 + SIGINT, what shells report for a command ended by Ctrl-C. */
  static final int INTERRUPTED = 130;

  /** Ctrl-C exits 130; usage errors (bad input found after parsing) exit 2, like parse errors; everything else 1. */
  static int exitCode(Throwable e) {
    if (isInterrupt(e)) {
      return INTERRUPTED;
    }
    return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
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

  /**
   * Hints go by exception type, error code and status, never by core's wording: core's messages describe the problem
   * without naming our flags, and this is where flags are named.
   */
  static @Nullable String hint(Throwable e) {
    if (e instanceof OptionFailure failure) {
      return failure.hint();
    }
    if (e instanceof PlatformNotFoundException) {
      return "choose one of the platforms it offers with --platform OS/ARCH[/VARIANT], e.g. --platform linux/arm64";
    }
    if (e instanceof RegistryAuthenticationException) {
      return "check the credentials (--username/--password-stdin, or the AWS account and region) and that"
          + " --registry is the ECR host the CNAME points at";
    }
    if (e instanceof RegistryException r) {
      if (r.code() == ErrorCode.MANIFEST_UNKNOWN) {
        return "list the repository's tags with: ecr-cname tags REPOSITORY";
      }
      if (r.code() == ErrorCode.NAME_UNKNOWN) {
        return "check the repository name, and that --registry names the account and region that hold it";
      }
      // ECR's front door answers a Host it does not know with a bare 404: the registry host is wrong.
      if (r.status() == 404 && r.code() == ErrorCode.UNKNOWN) {
        return "set --registry (or ECR_CNAME_REGISTRY) to the ECR host the CNAME points at, e.g."
            + " 123456789012.dkr.ecr.us-east-1.amazonaws.com";
      }
    }
    Throwable certificate = find(e, Set.of(CertPathBuilderException.class, CertPathValidatorException.class));
    if (certificate != null) {
      return "the server's certificate is not signed by a CA this JVM trusts; for a private CA pass it with"
          + " --ca-file PEM";
    }
    if (find(e, Set.of(SSLPeerUnverifiedException.class)) != null) {
      return "the certificate is checked against --registry, not against --endpoint; set --registry to the ECR host";
    }
    Throwable unknownHost = find(e, Set.of(UnknownHostException.class));
    if (unknownHost != null) {
      return "the name " + unknownHost.getMessage() + " does not resolve; check --endpoint and your DNS";
    }
    if (find(e, Set.of(ConnectException.class)) != null) {
      return "nothing accepted the connection; check the host and port of --endpoint";
    }
    return null;
  }

  static boolean isInterrupt(Throwable e) {
    return find(e, Set.of(InterruptedException.class, InterruptedIOException.class)) != null
        && !(find(e, Set.of(java.net.SocketTimeoutException.class)) != null);
  }

  static @Nullable Throwable find(Throwable e, Set<Class<? extends Throwable>> types) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return t;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
