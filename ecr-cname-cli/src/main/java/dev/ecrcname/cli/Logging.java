package dev.ecrcname.cli;

/**
 * Configures slf4j-simple through its system properties. slf4j-simple reads them once, when the
 * first logger is created, so this must run after the options are parsed and before any core or SDK
 * class logs; picocli itself does not log through slf4j, and {@link Main} creates no logger.
 */
final class Logging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  /** The level for everything. Normal runs show warnings; quiet only errors. */
  static void configure(Verbosity verbosity) {
    // Always stderr, looked up for each line: Main.main makes System.err the safe writer
    // (TerminalStream), so that registry text in a log line cannot reach the terminal raw.
    System.setProperty(PREFIX + "logFile", "System.err");
    System.setProperty(PREFIX + "cacheOutputStream", "false");
    set("showThreadName", "false");
    set("showShortLogName", "true");
    set("showLogName", "false");
    set("levelInBrackets", "true");
    set("defaultLogLevel", verbosity == Verbosity.QUIET ? "error" : "warn");
    if (verbosity == Verbosity.VERBOSE) {
      // Core logs each request line here (METHOD url -> status), with presigned queries redacted
      // and no headers.
      set("log.dev.ecrcname", "debug");
      // The SDK's request logger names the call and the header names, never their values.
      set("log.software.amazon.awssdk.request", "debug");
      set("showDateTime", "true");
      set("dateTimeFormat", "HH:mm:ss.SSS");
    }
  }

  private static void set(String key, String value) {
    // An explicit -Dorg.slf4j.simpleLogger.* from the user wins (but for where lines go).
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }

  /** How much the command says on stderr. */
  enum Verbosity {
    QUIET,
    NORMAL,
    VERBOSE
  }
}
