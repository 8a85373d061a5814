package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineProgressTest {

  @Test
  void oneLinePerFinishedBlobAndCountsForTheSummary() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress progress =
        new Progress.LineProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "cached");
    Descriptor config =
        new Descriptor(
            "application/vnd.docker.container.image.v1+json", Digest.sha256("config"), 1_500);
    Descriptor layer =
        new Descriptor(
            "application/vnd.docker.image.rootfs.diff.tar.gzip", Digest.sha256("layer"), 2_500_000);

    progress.started(config);
    progress.finished(config, true);
    progress.started(layer);
    progress.transferred(layer, 2_000_000);
    progress.transferred(layer, 500_000);
    progress.finished(layer, false);

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "config " + config.digest().hex().substring(0, 12) + "      1.5 kB  cached",
            "layer  " + layer.digest().hex().substring(0, 12) + "      2.5 MB  done");
    assertThat(progress.totalBytes()).isEqualTo(2_501_500);
    assertThat(progress.movedBytes()).isEqualTo(2_500_000);
    assertThat(progress.blobs()).isEqualTo(2);
    assertThat(progress.skipped()).isEqualTo(1);
  }
}
