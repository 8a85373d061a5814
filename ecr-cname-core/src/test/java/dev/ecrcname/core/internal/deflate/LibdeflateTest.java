package dev.ecrcname.core.internal.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LibdeflateTest {
  /** The platforms jlibdeflate 0.1.0 carries a native library for. */
  private static final Set<String> BUNDLED =
      Set.of("Linux amd64", "Linux aarch64", "Mac OS X x86_64", "Mac OS X aarch64");

  @Test
  void isAvailableOnAPlatformWhoseNativeLibraryIsBundled() {
    String platform = System.getProperty("os.name") + " " + System.getProperty("os.arch");
    assumeThat(BUNDLED).contains(platform);
    assertThat(Libdeflate.unavailableReason()).isEmpty();
    assertThat(Libdeflate.available()).isTrue();
  }

  @Test
  void aCompressorsGzipOnDirectBuffersReadsBackThroughTheJdkAndTheDecompressor()
      throws IOException {
    assumeThat(Libdeflate.available()).isTrue();
    byte[] text =
        "layer bytes, layer bytes, layer bytes\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
    ByteBuffer in = ByteBuffer.allocateDirect(text.length);
    in.put(text).flip();
    byte[] gz;
    try (LibdeflateCompressor compressor = Libdeflate.compressor(1)) {
      ByteBuffer out = ByteBuffer.allocateDirect(compressor.gzipCompressBound(text.length));
      int n = compressor.gzipCompress(in, out);
      assertThat(n).isPositive().isLessThan(text.length / 10);
      out.flip();
      gz = new byte[n];
      out.get(gz);
    }
    try (InputStream jdk = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(jdk.readAllBytes()).isEqualTo(text);
    }
    try (LibdeflateDecompressor decompressor = Libdeflate.decompressor()) {
      assertThat(decompressor.gzipDecompress(gz, text.length)).isEqualTo(text);
    }
  }
}
