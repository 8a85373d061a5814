package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.Command;
import org.junit.jupiter.api.Test;

/**
 * The JIT warm-up stops when a pull finds its blobs in the layer cache: such a pull does no TLS
 * bulk decryption, so the warm-up would only take a core from the decompression.
 */
class JitWarmupIT extends AgainstStandIn {

  @Test
  void aPullThatDownloadsKeepsTheWarmupAndAPullFromTheCacheStopsIt() {
    Command.Result cold = ecrCname("pull", "-v", "app/small:1.0", "-o", "a.tar").run().succeeded();
    Command.Result warm = ecrCname("pull", "-v", "app/small:1.0", "-o", "b.tar").run().succeeded();

    assertThat(cold.stderr())
        .contains("JIT warm-up started")
        .contains("(0 cached)")
        .doesNotContain("JIT warm-up not wanted");
    // "in 3 blobs (3 cached)": every blob came from the cache
    assertThat(warm.stderr())
        .containsPattern("in (\\d+) blobs \\(\\1 cached\\)")
        .contains("JIT warm-up not wanted");
  }
}
