package dev.ecrcname.cli;

import dev.ecrcname.core.LayerCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cache ls} and {@code cache prune}: the layer cache that makes a re-pull free. */
@Command(
    name = "cache",
    description = "Show or prune the layer cache (verified blobs kept between pulls).",
    subcommands = {CacheCommand.Ls.class, CacheCommand.Prune.class})
final class CacheCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "no cache command given; use ls or prune");
  }

  /** {@code --cache-dir}, read from ECR_CNAME_CACHE_DIR as for the other commands. */
  static final class Directory {
    @Option(
        names = "--cache-dir",
        paramLabel = "DIR",
        description =
            "The cache. Default: $XDG_CACHE_HOME/ecr-cname or ~/.cache/ecr-cname. Env: ECR_CNAME_CACHE_DIR.")
    @Nullable Path dir;

    LayerCache cache() {
      return layerCache(dir);
    }
  }

  /** The cache in {@code dir} (from {@code --cache-dir}), or the default one when it is null. */
  static LayerCache layerCache(@Nullable Path dir) {
    return dir != null ? LayerCache.of(dir) : LayerCache.defaultCache();
  }

  /** {@code cache ls}: the blob count and size, on stdout. */
  @Command(name = "ls", description = "Print the cache's blob count, size and directory.")
  static final class Ls extends BaseCommand {
    @Mixin Directory directory;

    Ls(Io io) {
      super(io);
    }

    @Override
    int run() {
      LayerCache cache = directory.cache();
      LayerCache.Usage usage = cache.usage();
      io.out()
          .printf(
              "%d blobs, %s (%d bytes) in %s%n",
              usage.blobs(), Units.bytes(usage.bytes()), usage.bytes(), cache.directory());
      io.out().flush();
      return 0;
    }
  }

  /** {@code cache prune}: by age, by size, or all. */
  @Command(
      name = "prune",
      sortOptions = false,
      description = {
        "Delete cached blobs: unused for longer than --older-than, then the least recently used",
        "down to --max-size; --all deletes every one. Run it when no pull is running."
      })
  static final class Prune extends BaseCommand {
    @Mixin Directory directory;

    @Option(
        names = "--max-size",
        paramLabel = "SIZE",
        converter = SizeConverter.class,
        description = "Keep at most this much, e.g. 5GB, 500MB, 2GiB.")
    @Nullable Long maxSize;

    @Option(
        names = "--older-than",
        paramLabel = "AGE",
        converter = AgeConverter.class,
        description = "Delete blobs unused for longer than this, e.g. 30d, 12h, 2w.")
    @Nullable Duration olderThan;

    @Option(names = "--all", description = "Delete every cached blob.")
    boolean all;

    Prune(Io io) {
      super(io);
    }

    @Override
    int run() {
      if (all == (maxSize != null || olderThan != null)) {
        throw new ParameterException(
            spec.commandLine(),
            all
                ? "--all deletes everything; it does not go with --max-size or --older-than"
                : "say what to prune: --max-size SIZE, --older-than AGE, or --all");
      }
      LayerCache cache = directory.cache();
      LayerCache.Usage freed = cache.prune(maxSize, olderThan);
      LayerCache.Usage left = cache.usage();
      if (!quiet()) {
        io.err()
            .printf(
                "pruned %d blobs, %s; %d blobs, %s left in %s%n",
                freed.blobs(),
                Units.bytes(freed.bytes()),
                left.blobs(),
                Units.bytes(left.bytes()),
                cache.directory());
      }
      return 0;
    }
  }

  /**
   * {@code 5GB}, {@code 500MB}, {@code 2GiB}, {@code 1024}: decimal units as docker prints them.
   */
  static final class SizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE =
        Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?)?b?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "invalid size '" + value + "': give e.g. 5GB, 500MB or 2GiB");
      }
      String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
      int power = unit.isEmpty() ? 0 : "kmgt".indexOf(unit.charAt(0)) + 1;
      double base = unit.endsWith("i") ? 1024 : 1000;
      return (long) (Double.parseDouble(m.group(1)) * Math.pow(base, power));
    }
  }

  /** {@code 30d}, {@code 12h}, {@code 45m}, {@code 2w}. */
  static final class AgeConverter implements ITypeConverter<Duration> {
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhdw])");

    @Override
    public Duration convert(String value) {
      Matcher m = AGE.matcher(value.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid age '" + value + "': give e.g. 30d, 12h or 2w");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
  }

  /**
   * Makes sure {@code dir} (or the default cache) can take files, so that a read-only home fails
   * with the options to fix, before any download.
   */
  static void requireWritable(@Nullable Path dir) {
    Path cache = dir != null ? dir : LayerCache.defaultCache().directory();
    try {
      Files.createDirectories(cache);
      Files.delete(Files.createTempFile(cache, ".write-check-", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw new OptionFailure(
          "cannot write the layer cache " + cache + ": " + e,
          "pass --cache-dir DIR (or ECR_CNAME_CACHE_DIR, or XDG_CACHE_HOME) to a writable"
              + " directory, or --no-cache",
          e);
    }
  }

  /** Deletes a --no-cache directory and all in it; best effort, it is ours alone. */
  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }
}
