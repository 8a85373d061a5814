package dev.ecrcname.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar ecr-cname.jar}: exits 0 on success, else with the {@link ExitStatus} of what
 * failed.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the command line, e.g. {@code pull app/small:1.0}
   */
  public static void main(String[] args) {
    Io io = Io.system();
    // Log lines (slf4j-simple looks up System.err for each line, see Logging) and anything a
    // library prints pass through the same safe writer as the commands' own lines.
    System.setOut(io.out());
    System.setErr(io.err());
    int status = run(args, io);
    // A last line without a newline is still in the safe writers.
    io.out().flush();
    io.err().flush();
    System.exit(status);
  }

  /** Runs one command line; in-process, for tests, with the given streams. */
  static int run(String[] args, Io io) {
    return commandLine(io).execute(args);
  }

  static CommandLine commandLine(Io io) {
    CommandLine cli = new CommandLine(new EcrCnameCommand(), new Factory(io));
    cli.setOut(new PrintWriter(new OutputStreamWriter(io.out(), Charset.defaultCharset()), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(io.err(), Charset.defaultCharset()), true));
    // Last one wins, as in most tools: a wrapper script's defaults can be overridden by appending
    // options.
    cli.setOverwrittenOptionsAllowed(true);
    cli.setDefaultValueProvider(new EnvironmentDefaults(io.env()));
    cli.setHelpFactory(new OneNameHelp());
    cli.getCommandSpec().usageMessage().exitCodeList(ExitStatus.helpList());
    cli.setParameterExceptionHandler(usageError(io));
    cli.setExecutionExceptionHandler(failure(io));
    return cli;
  }

  /** A short message and where to read more, not the whole usage text, which buries the message. */
  private static IParameterExceptionHandler usageError(Io io) {
    return (ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      io.err().println("ecr-cname: error: " + ex.getMessage());
      UnmatchedArgumentException.printSuggestions(ex, io.err());
      io.err()
          .println(
              "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    };
  }

  private static IExecutionExceptionHandler failure(Io io) {
    return (ex, cmd, parseResult) -> {
      Errors.lines(ex).forEach(io.err()::println);
      if (cmd.getCommand() instanceof BaseCommand command && command.verbose()) {
        ex.printStackTrace(io.err());
      }
      return Errors.exitCode(ex);
    };
  }

  /** Creates commands with the streams they write to. */
  private record Factory(Io io) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (BaseCommand.class.isAssignableFrom(type)) {
        return type.getDeclaredConstructor(Io.class).newInstance(io);
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
