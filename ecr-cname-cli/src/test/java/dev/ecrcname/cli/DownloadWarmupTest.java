package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.TransferListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DownloadWarmupTest {
  private static final Descriptor CONFIG =
      blob("config", "application/vnd.oci.image.config.v1+json");
  private static final Descriptor LAYER =
      blob("layer", "application/vnd.oci.image.layer.v1.tar+gzip");

  private final List<String> events = new ArrayList<>();
  private final Set<Descriptor> inCache = new HashSet<>(List.of(CONFIG, LAYER));
  private final DownloadWarmup listener =
      new DownloadWarmup(new Recording(), inCache::contains, wanted -> events.add("warm-up"));

  @Test
  void theWarmupIsWantedFromThePullsStartUntilABlobIsFoundCached() {
    listener.begin();
    assertThat(listener.getAsBoolean()).isTrue();

    listener.started(CONFIG);
    listener.finished(CONFIG, true);

    assertThat(listener.getAsBoolean()).isFalse();
    assertThat(events).containsExactly("warm-up", "started config", "cached config");
  }

  @Test
  void aPullWhoseBlobsAreAllCachedNeverAsksForItAgain() {
    listener.started(CONFIG);
    listener.finished(CONFIG, true);
    listener.started(LAYER);
    listener.finished(LAYER, true);

    assertThat(listener.getAsBoolean()).isFalse();
    assertThat(events)
        .containsExactly("started config", "cached config", "started layer", "cached layer");
  }

  @Test
  void aBlobTheCacheLacksAsksForItAgainOnceAsItsPullStartsBeforeAnyBytes() {
    inCache.remove(LAYER);

    listener.started(CONFIG);
    listener.finished(CONFIG, true);
    listener.started(LAYER);
    listener.transferred(LAYER, 100);
    listener.finished(LAYER, false);

    assertThat(listener.getAsBoolean()).isTrue();
    assertThat(events)
        .containsExactly(
            "started config",
            "cached config",
            "warm-up",
            "started layer",
            "moved 100 of layer",
            "downloaded layer");
  }

  @Test
  void aBlobTheCacheWronglySeemedToHoldAsksForItWithItsFirstBytes() {
    listener.started(LAYER);
    listener.transferred(LAYER, 100);
    listener.transferred(LAYER, 200);

    assertThat(listener.getAsBoolean()).isTrue();
    assertThat(events)
        .containsExactly("started layer", "warm-up", "moved 100 of layer", "moved 200 of layer");
  }

  private final class Recording implements TransferListener {
    @Override
    public void started(Descriptor d) {
      events.add("started " + name(d));
    }

    @Override
    public void transferred(Descriptor d, long bytes) {
      events.add("moved " + bytes + " of " + name(d));
    }

    @Override
    public void finished(Descriptor d, boolean skipped) {
      events.add((skipped ? "cached " : "downloaded ") + name(d));
    }
  }

  private static String name(Descriptor d) {
    return d.equals(CONFIG) ? "config" : "layer";
  }

  private static Descriptor blob(String content, String mediaType) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new Descriptor(mediaType, Digest.sha256(bytes), bytes.length);
  }
}
