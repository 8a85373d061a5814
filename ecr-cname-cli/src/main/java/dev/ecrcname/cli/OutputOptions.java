package dev.ecrcname.cli;

import dev.ecrcname.cli.Logging.Verbosity;
import picocli.CommandLine.Option;

/** {@code -q} and {@code -v}, shared by every command. */
final class OutputOptions {

  @Option(
      names = {"-q", "--quiet"},
      order = 40,
      description =
          "No progress and no summary: only errors on stderr, and on stdout the data (tags, JSON, the token,"
              + " the written file, the pushed digest).")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      order = 41,
      description = "Log every request line (secrets redacted) and show stack traces of errors.")
  boolean verbose;

  Verbosity verbosity() {
    if (verbose) {
      return Verbosity.VERBOSE;
    }
    return quiet ? Verbosity.QUIET : Verbosity.NORMAL;
  }
}
