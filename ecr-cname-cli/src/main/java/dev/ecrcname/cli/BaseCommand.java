package dev.ecrcname.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the streams, -q/-v, logging set up first, and Ctrl-C handling. */
abstract class BaseCommand implements Callable<Integer> {
  final Io io;

  @Spec CommandSpec spec;

  @Mixin OutputOptions output;

  BaseCommand(Io io) {
    this.io = io;
  }

  @Override
  public final Integer call() throws Exception {
    Logging.configure(output.verbosity());
    return Interrupts.guard(this::run, this::reportInterrupt);
  }

  /** Ctrl-C: the error line (and with -v the stack trace), written out before the JVM halts. */
  private Integer reportInterrupt(InterruptedException e) {
    Errors.lines(e).forEach(io.err()::println);
    if (verbose()) {
      e.printStackTrace(io.err());
    }
    io.err().flush();
    return ExitStatus.INTERRUPTED.code;
  }

  abstract int run() throws Exception;

  /** Data, not chatter: a line on stdout that scripts read, even with -q. */
  void printData(Object line) {
    io.out().println(line);
    io.out().flush();
  }

  boolean verbose() {
    return output != null && output.verbose;
  }

  boolean quiet() {
    return output.quiet && !output.verbose;
  }
}
