package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.core.ImageReference;
import org.junit.jupiter.api.Test;

class PullFileNameTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void defaultFileNameFollowsTheReference() {
    assertThat(PullCommand.defaultFileName(ImageReference.parse("app/small:1.0")))
        .isEqualTo("app-small_1.0.tar");
    assertThat(PullCommand.defaultFileName(ImageReference.parse("app/small@" + DIGEST)))
        .isEqualTo("app-small_sha256-abababababab.tar");
    assertThat(PullCommand.defaultFileName(ImageReference.parse("tool")))
        .isEqualTo("tool_latest.tar");
  }
}
