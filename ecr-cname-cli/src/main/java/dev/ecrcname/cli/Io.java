package dev.ecrcname.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The process's streams, passed to every command so that tests can run the whole command line
 * in-process.
 *
 * @param out data only: tags, JSON, the token, the written path
 * @param err progress, summaries and errors
 * @param env the environment variables options may come from
 */
record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
  Io {
    env = Map.copyOf(env);
  }

  /** Streams with an empty environment, so that in-process tests see nothing of the machine's. */
  Io(InputStream in, PrintStream out, PrintStream err) {
    this(in, out, err, Map.of());
  }

  static Io system() {
    return new Io(System.in, System.out, System.err, System.getenv());
  }
}
