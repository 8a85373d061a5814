package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one writer every printed line passes through (issue 21, defect 1). */
class TerminalStreamTest {
  final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  final PrintStream safe = TerminalStream.over(sink, StandardCharsets.UTF_8);

  String written() {
    return sink.toString(StandardCharsets.UTF_8);
  }

  @Test
  void escapesAndControlsInALineAreRemovedAndTheLineEndsAreKept() {
    safe.println("amd64\u001b]0;pwned\u0007\u001b[2J\u009b31m and \u202e\u0000x");
    safe.print("second\r\n");

    assertThat(written()).isEqualTo("amd64 and ??x\nsecond\r\n");
  }

  @Test
  void anEscapeSplitAcrossFlushesLosesItsEscapeCharacter() {
    safe.print("a\u001b");
    safe.flush();
    safe.print("]0;title\u0007b\n");

    assertThat(written()).isEqualTo("a]0;title?b\n").doesNotContain("\u001b", "\u0007");
  }

  @Test
  void aCharacterSplitAcrossFlushesIsWrittenWhole() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    safe.write(euro, 0, 1);
    safe.flush();
    assertThat(sink.size()).isZero();
    safe.write(euro, 1, 2);
    safe.println();

    assertThat(written()).isEqualTo("€\n");
  }

  @Test
  void aPartialLineIsWrittenOnFlushSafe() {
    safe.print("Password: \u001b[8m");
    safe.flush();

    assertThat(written()).isEqualTo("Password: ");
  }

  @Test
  void theDataStreamOfIoKeepsTheBytesAndTheTextStreamsDoNot() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Io io =
        new Io(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    byte[] raw = "{\"a\":\"\u009b\"}".getBytes(StandardCharsets.UTF_8);

    io.data().write(raw, 0, raw.length);
    io.out().println("\u001b[2Jtext");
    io.err().println("\u001b]0;t\u0007warn");

    assertThat(out.toByteArray()).startsWith(raw);
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("}text\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("warn\n");
    assertThat(io.bars()).isNull();
  }
}
