package dev.ecrcname.cli;

import dev.ecrcname.cli.Logging.Verbosity;
import picocli.CommandLine.Option;

/** {@code -q} and {@code -v}, shared by every command. */
final class OutputOptions {

  @Option(
      names = {"-q", "--quiet"},
      order = 40,
      description = "Print nothing but errors and the data asked for (tags, JSON, the token).")
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
