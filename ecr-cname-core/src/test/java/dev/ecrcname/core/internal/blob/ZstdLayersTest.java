package dev.ecrcname.core.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ZstdLayersTest {
  /** Many jobs' worth, so that several workers have work. */
  static final byte[] INPUT = LayerLikeBytes.mixed(6 * ZstdLayers.JOB + 123, 5);

  static byte[] zstd(byte[] input, int workers) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ZstdLayers.compress(new ByteArrayInputStream(input), out, input.length, workers);
    return out.toByteArray();
  }

  @Test
  void roundTripsAndStatesTheLayerSizeInTheFrame() throws IOException {
    byte[] compressed = zstd(INPUT, 2);

    assertThat(Zstd.getFrameContentSize(compressed)).isEqualTo(INPUT.length);
    try (InputStream in = ZstdLayers.decompressing(new ByteArrayInputStream(compressed))) {
      assertThat(in.readAllBytes()).isEqualTo(INPUT);
    }
    assertThat(compressed.length).isLessThan(INPUT.length * 3 / 4);
  }

  @Test
  void outputIsTheSameForAnyNumberOfWorkers() throws IOException {
    byte[] one = zstd(INPUT, 1);

    assertThat(zstd(INPUT, 2)).isEqualTo(one);
    assertThat(zstd(INPUT, 4)).isEqualTo(one);
    assertThat(zstd(INPUT, 0)).as("zero workers still runs one").isEqualTo(one);
  }

  @Test
  void anInputOfAnotherSizeThanPromisedFails() {
    assertThatThrownBy(
            () ->
                ZstdLayers.compress(
                    new ByteArrayInputStream(new byte[1000]), new ByteArrayOutputStream(), 999, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("zstd");
  }

  @Test
  void emptyInputIsAValidEmptyFrame() throws IOException {
    byte[] compressed = zstd(new byte[0], 1);

    try (InputStream in = ZstdLayers.decompressing(new ByteArrayInputStream(compressed))) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }
}
