package dev.ecrcname.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The process's streams, passed to every command so that tests can run the whole command line
 * in-process. Text goes through {@link #out()} and {@link #err()}, which make every line safe for a
 * terminal ({@link TerminalStream}); only byte-exact data goes around them, through {@link
 * #data()}.
 */
final class Io {
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final PrintStream data;
  private final @Nullable PrintStream bars;
  private final Map<String, String> env;

  /**
   * @param out where stdout's bytes go
   * @param err where stderr's bytes go
   * @param bars stderr itself, for progress bars on a terminal, or null for none
   */
  private Io(
      InputStream in,
      PrintStream out,
      PrintStream err,
      @Nullable PrintStream bars,
      Map<String, String> env) {
    Charset charset = Charset.defaultCharset();
    this.in = in;
    this.out = TerminalStream.over(out, charset);
    this.err = TerminalStream.over(err, charset);
    this.data = out;
    this.bars = bars;
    this.env = Map.copyOf(env);
  }

  /** Streams with the given environment; no progress bars. */
  Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    this(in, out, err, null, env);
  }

  /** Streams with an empty environment, so that in-process tests see nothing of the machine's. */
  Io(InputStream in, PrintStream out, PrintStream err) {
    this(in, out, err, Map.of());
  }

  /**
   * The process's streams ({@link Main#main} also makes them {@code System.out} and {@code err}).
   */
  static Io system() {
    return new Io(System.in, System.out, System.err, System.err, System.getenv());
  }

  InputStream in() {
    return in;
  }

  /** Data only, as text: tags, JSON, the token, the written path; each line made safe. */
  PrintStream out() {
    return out;
  }

  /** Progress, summaries, warnings and errors; each line made safe. */
  PrintStream err() {
    return err;
  }

  /**
   * stdout's bytes as they are, for data whose bytes are the contract: the manifest {@code inspect
   * --raw} prints hashes to its digest. Never for text.
   */
  PrintStream data() {
    return data;
  }

  /**
   * stderr as it is, for drawing progress bars (carriage returns and cursor movement, text of our
   * own: a kind, 12 hex digits of a digest, sizes), or null when the process's stderr is not it.
   */
  @Nullable PrintStream bars() {
    return bars;
  }

  /** The environment variables options may come from. */
  Map<String, String> env() {
    return env;
  }
}
