package dev.ecrcname.serve;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Manifests in memory, bounded by their bytes, least recently used out first. By digest they never
 * change, so they stay while there is room; by tag an answer is kept only for the tag TTL (zero by
 * default: every tag is resolved upstream). Keys carry the repository, so one repository's digest
 * is never served under another's name.
 */
final class ManifestCache {
  private record Entry(ServedManifest manifest, Instant expires) {}

  private final long maxBytes;
  private final Duration tagTtl;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  ManifestCache(long maxBytes, Duration tagTtl, Clock clock) {
    this.maxBytes = maxBytes;
    this.tagTtl = tagTtl;
    this.clock = clock;
  }

  /** The manifest of {@code repository} by digest, or by tag and Accept list while fresh. */
  synchronized @Nullable ServedManifest get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (clock.instant().isAfter(e.expires())) {
      remove(key);
      return null;
    }
    return e.manifest();
  }

  /** Keeps {@code manifest} under its digest, and under the tag key when tags are cached. */
  synchronized void put(String repository, @Nullable String tagKey, ServedManifest manifest) {
    put(repository + "@" + manifest.digest(), manifest, Instant.MAX);
    if (tagKey != null && !tagTtl.isZero()) {
      put(tagKey, manifest, clock.instant().plus(tagTtl));
    }
  }

  private void put(String key, ServedManifest manifest, Instant expires) {
    long size = manifest.bytes().length;
    if (size > maxBytes) {
      return;
    }
    remove(key);
    entries.put(key, new Entry(manifest, expires));
    bytes += size;
    Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
    while (bytes > maxBytes && oldest.hasNext()) {
      bytes -= oldest.next().getValue().manifest().bytes().length;
      oldest.remove();
    }
  }

  private void remove(String key) {
    Entry old = entries.remove(key);
    if (old != null) {
      bytes -= old.manifest().bytes().length;
    }
  }
}
