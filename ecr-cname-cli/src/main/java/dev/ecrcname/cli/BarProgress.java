package dev.ecrcname.cli;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar per blob and one for the total, on a terminal, with me.tongfei's progressbar. */
final class BarProgress extends Progress {
  private static final long MB = 1_000_000;

  /** Block characters only where the terminal's encoding can show them. */
  private static final ProgressBarStyle STYLE =
      java.nio.charset.Charset.defaultCharset().name().equals("UTF-8")
          ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK
          : ProgressBarStyle.ASCII;

  private final Map<Digest, ProgressBar> bars = new ConcurrentHashMap<>();
  private final String skippedWord;
  private final ProgressBar total;

  private final PrintStream err;

  BarProgress(PrintStream err, String skippedWord) {
    this.err = err;
    this.skippedWord = skippedWord;
    this.total =
        bar(String.format("%-19s", "total"), 0)
            .setUnit(" MB", MB)
            .showSpeed(new DecimalFormat("0.0"))
            .build();
  }

  /**
   * Each bar draws on its own line with cursor movement. The consumer is chosen here, not by the
   * library's terminal probe, because that probe looks at stdin, which --password-stdin makes a
   * pipe.
   */
  private ProgressBarBuilder bar(String name, long size) {
    return new ProgressBarBuilder()
        .setConsumer(new InteractiveConsoleProgressBarConsumer(err))
        .setTaskName(name)
        .setInitialMax(size)
        .setStyle(STYLE)
        .setUnit(unit(size), unitSize(size))
        .setUpdateIntervalMillis(200)
        .setMaxRenderedLength(100);
  }

  /** Small blobs in MB would read 0/0; blobs of any size read well in one of these. */
  private static String unit(long size) {
    return size < 10_000 ? " B" : size < 10 * MB ? " kB" : " MB";
  }

  private static long unitSize(long size) {
    return size < 10_000 ? 1 : size < 10 * MB ? 1000 : MB;
  }

  @Override
  public void started(Descriptor descriptor) {
    super.started(descriptor);
    // The total grows as blobs start: core hands out layers as threads free up, so the sum is known
    // only at the end.
    total.maxHint(totalBytes());
    bars.computeIfAbsent(
        descriptor.digest(),
        d ->
            bar(
                    String.format("%-6s %s", kind(descriptor), shortDigest(descriptor)),
                    descriptor.size())
                .build());
  }

  @Override
  public void transferred(Descriptor descriptor, long bytes) {
    super.transferred(descriptor, bytes);
    ProgressBar bar = bars.get(descriptor.digest());
    if (bar != null) {
      bar.stepBy(bytes);
    }
    total.stepBy(bytes);
  }

  @Override
  public void finished(Descriptor descriptor, boolean wasSkipped) {
    super.finished(descriptor, wasSkipped);
    ProgressBar bar = bars.get(descriptor.digest());
    if (bar == null) {
      return;
    }
    if (wasSkipped) {
      bar.setExtraMessage(skippedWord);
      total.stepBy(descriptor.size());
    }
    bar.stepTo(descriptor.size());
    bar.close();
  }

  @Override
  public void close() {
    bars.values().forEach(ProgressBar::close);
    total.close();
  }
}
