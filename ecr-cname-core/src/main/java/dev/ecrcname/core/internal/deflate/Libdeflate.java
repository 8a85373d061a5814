package dev.ecrcname.core.internal.deflate;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libdeflate, when this process can use it: the one place that decides, once, whether the optional
 * {@code com.fulcrumgenomics:jlibdeflate} is on the class path and its native library loads. Its
 * deflate is about twice as fast as the JDK's zlib (docs/benchmarks.md). Callers ask {@link
 * #available()} and otherwise use the JDK's {@code java.util.zip}; the reason it is not available
 * is logged once.
 *
 * <p>The system property {@value #SWITCH}{@code =false} turns it off, so that both engines can be
 * measured with one build.
 *
 * <p>Compressors and decompressors hold native memory, are not thread-safe, and must be closed.
 * Give them direct buffers: their array methods pin the arrays for the whole call (see {@code
 * ParallelGzip} on what that does to the heap).
 */
public final class Libdeflate {
  /** The system property that turns libdeflate off when {@code false}. */
  public static final String SWITCH = "ecr-cname.libdeflate";

  private static final Logger LOG = LoggerFactory.getLogger(Libdeflate.class);

  private Libdeflate() {}

  /** Whether libdeflate can be used; decided on the first call and logged once when not. */
  public static boolean available() {
    return Status.WHY_NOT == null;
  }

  /** Why libdeflate is not used, or empty when it is. */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(Status.WHY_NOT);
  }

  /**
   * A new compressor at {@code level} (0 to 12).
   *
   * @throws IllegalStateException when libdeflate is not {@linkplain #available() available}
   */
  public static LibdeflateCompressor compressor(int level) {
    requireAvailable();
    return new LibdeflateCompressor(level);
  }

  /**
   * A new decompressor.
   *
   * @throws IllegalStateException when libdeflate is not {@linkplain #available() available}
   */
  public static LibdeflateDecompressor decompressor() {
    requireAvailable();
    return new LibdeflateDecompressor();
  }

  private static void requireAvailable() {
    if (!available()) {
      throw new IllegalStateException("libdeflate is not available: " + Status.WHY_NOT);
    }
  }

  /** Why libdeflate is not used; {@code broken} when it is there but its native library fails. */
  record WhyNot(String reason, boolean broken) {}

  /**
   * Why libdeflate cannot be used here, or null when it can: the first compressor made loads the
   * native library (jlibdeflate extracts it to a temp file of mode 0700 and deletes it after
   * loading), so a failure shows here, not in the middle of a push.
   */
  static @Nullable WhyNot probe() {
    if ("false".equalsIgnoreCase(System.getProperty(SWITCH))) {
      return new WhyNot("turned off by -D" + SWITCH + "=false", false);
    }
    try {
      Class.forName("com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor", false, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      return new WhyNot("com.fulcrumgenomics:jlibdeflate is not on the class path", false);
    }
    try (LibdeflateCompressor probe = new LibdeflateCompressor(1)) {
      return probe.level() == 1 ? null : new WhyNot("libdeflate did not keep its level", true);
    } catch (LinkageError | RuntimeException e) {
      String platform = System.getProperty("os.name") + " " + System.getProperty("os.arch");
      return new WhyNot("its native library did not load on " + platform + " (" + e + ")", true);
    }
  }

  private static @Nullable ClassLoader loader() {
    return Libdeflate.class.getClassLoader();
  }

  /** Decided once, on first use (the holder idiom), and logged once. */
  private static final class Status {
    static final @Nullable String WHY_NOT = decide();

    private static @Nullable String decide() {
      WhyNot whyNot = probe();
      if (whyNot == null) {
        return null;
      }
      // Missing on purpose (an SDK user's choice) is news; bundled but broken is a problem.
      if (whyNot.broken()) {
        LOG.warn("deflate falls back to the JDK's zlib, not libdeflate: {}", whyNot.reason());
      } else {
        LOG.info("deflate through the JDK's zlib, not libdeflate: {}", whyNot.reason());
      }
      return whyNot.reason();
    }
  }
}
