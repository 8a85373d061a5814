package dev.ecrcname.cli;

import dev.ecrcname.archive.ArchiveException;
import dev.ecrcname.auth.EcrAuthException;
import dev.ecrcname.core.ContentException;
import dev.ecrcname.core.LocalException;
import dev.ecrcname.core.PlatformNotFoundException;
import dev.ecrcname.core.RegistryAuthenticationException;
import dev.ecrcname.core.RegistryException;
import dev.ecrcname.core.TransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command's exit status, one per branch of the exception tree, so that a deploy script can
 * retry a network failure (5) and stop at once on a missing image (3) or a wrong password (4)
 * without reading the message. The help lists them (see {@link #helpList()}).
 */
enum ExitStatus {
  SUCCESS(0, "success"),
  FAILURE(1, "an unexpected failure (a defect: run with -v and report it)"),
  USAGE(2, "usage error: a bad option, argument or image name"),
  REGISTRY(
      3, "the registry (or AWS) refused: no such repository, tag or platform, denied, throttled"),
  CREDENTIALS(4, "credentials: none found, or the registry refused them"),
  TRANSPORT(
      5,
      "network or TLS: no answer (from the registry or AWS), a certificate, a timeout (often worth a retry)"),
  CONTENT(6, "wrong content: a digest mismatch, an unreadable or unsupported manifest"),
  LOCAL(7, "this machine: a file, a setting or the layer cache that cannot be used, a bad tarball"),
  INTERRUPTED(130, "interrupted (Ctrl-C)");

  final int code;
  private final String meaning;

  ExitStatus(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The status for a failure, by its type only. */
  static ExitStatus of(Throwable e) {
    if (Errors.isInterrupt(e)) {
      return INTERRUPTED;
    }
    if (e instanceof OptionFailure failure) {
      return failure.status();
    }
    if (e instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (e instanceof EcrAuthException auth) {
      return ofAws(auth.reason());
    }
    if (e instanceof RegistryAuthenticationException) {
      return CREDENTIALS;
    }
    if (e instanceof RegistryException || e instanceof PlatformNotFoundException) {
      return REGISTRY;
    }
    if (e instanceof TransportException) {
      return TRANSPORT;
    }
    if (e instanceof ContentException) {
      return CONTENT;
    }
    if (e instanceof LocalException
        || e instanceof ArchiveException
        || e instanceof IOException
        || e instanceof UncheckedIOException) {
      return LOCAL;
    }
    return FAILURE;
  }

  /**
   * Getting the token from AWS failed: credentials are 4, but a missing region is a missing option,
   * a throttled or failed call is the service's answer or the network's, as for the registry.
   */
  static ExitStatus ofAws(EcrAuthException.Reason reason) {
    return switch (reason) {
      case NO_REGION -> USAGE;
      case NO_CREDENTIALS, INVALID_CREDENTIALS, ACCESS_DENIED, ASSUME_ROLE_FAILED -> CREDENTIALS;
      case THROTTLED -> REGISTRY;
      case INVALID_RESPONSE -> CONTENT;
      case OTHER -> TRANSPORT;
    };
  }

  /** The "Exit status:" section of the help, in picocli's form. */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitStatus status : values()) {
      list.put(String.valueOf(status.code), status.meaning);
    }
    return list;
  }
}
