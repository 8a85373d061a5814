package dev.ecrcname.core.internal.blob;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test input that compresses like a real layer: the compressors' tests share it. */
final class LayerLikeBytes {
  private LayerLikeBytes() {}

  /** Random bytes and log-like text in alternating runs, like a layer of binaries and configs. */
  static byte[] mixed(int length, long seed) {
    Random random = new Random(seed);
    byte[] out = new byte[length];
    int i = 0;
    while (i < length) {
      int run = Math.min(length - i, 1 + random.nextInt(20_000));
      if (random.nextBoolean()) {
        byte[] noise = new byte[run];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, out, i, run);
      } else {
        byte[] text =
            ("GET /api/v1/items/" + random.nextInt(1000) + " status=200\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int j = 0; j < run; j++) {
          out[i + j] = text[j % text.length];
        }
      }
      i += run;
    }
    return out;
  }
}
