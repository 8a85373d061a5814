package dev.ecrcname.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The process's streams, passed to every command so that tests can run the whole command line in-process.
 *
 * @param out data only: tags, JSON, the token, the written path
 * @param err progress, summaries and errors
 */
record Io(InputStream in, PrintStream out, PrintStream err) {
  static Io system() {
    return new Io(System.in, System.out, System.err);
  }
}
