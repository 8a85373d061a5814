package dev.ecrcname.cli;

import java.time.Duration;
import java.util.Locale;

/** Sizes and rates as people read them: decimal units, as docker prints them. */
final class Units {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

  private Units() {}

  static String bytes(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  static String duration(Duration elapsed) {
    return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
  }

  /**
   * MB/s of {@code bytes} over {@code elapsed}; a zero time counts as one millisecond. Nothing
   * moved reads as such, not as 0.0 MB/s.
   */
  static String rate(long bytes, Duration elapsed) {
    if (bytes == 0) {
      return "nothing transferred";
    }
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return String.format(Locale.ROOT, "%.1f MB/s", bytes / seconds / 1_000_000);
  }
}
