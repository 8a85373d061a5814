package dev.ecrcname.serve;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code Range: bytes=first-[last]} as engines send it to resume. Anything else (several
 * ranges, suffix ranges, other units) is ignored and the whole blob is sent, as RFC 9110 allows.
 *
 * @param last the last byte, or -1 for the end
 */
record ByteRange(long first, long last) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");

  static Optional<ByteRange> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long first = Long.parseLong(m.group(1));
    long last = m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2));
    if (last >= 0 && last < first) {
      return Optional.empty();
    }
    return Optional.of(new ByteRange(first, last));
  }
}
