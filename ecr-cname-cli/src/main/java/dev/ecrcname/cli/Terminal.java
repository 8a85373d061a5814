package dev.ecrcname.cli;

import java.util.regex.Pattern;

/**
 * Text from the network made safe to print: a registry, a proxy or a tag name could otherwise carry
 * ANSI/OSC escape sequences that recolour, retitle or rewrite the user's terminal, or hide a line
 * (issue 12, defect 14). {@link TerminalStream} applies it to every line the CLI prints or logs.
 */
final class Terminal {
  /** CSI ({@code ESC [ … final}), OSC ({@code ESC ] … BEL or ST}), and other two-byte escapes. */
  private static final Pattern ESCAPES =
      Pattern.compile(
          "\u001b\\[[0-?]*[ -/]*[@-~]?"
              + "|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)?"
              + "|\u009b[0-?]*[ -/]*[@-~]?"
              + "|\u009d[^\u0007\u001b\u009c]*(?:\u0007|\u009c|\u001b\\\\)?"
              + "|\u001b.?");

  /** Control characters (C0 but tab, DEL, C1) and the bidirectional overrides. */
  private static final Pattern CONTROLS =
      Pattern.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\u202a-\u202e\u2066-\u2069]");

  private Terminal() {}

  /** {@code text} without escape sequences, with every other control character as {@code ?}. */
  static String safe(String text) {
    return CONTROLS.matcher(ESCAPES.matcher(text).replaceAll("")).replaceAll("?");
  }
}
