package dev.ecrcname.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressionTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "application/vnd.docker.image.rootfs.diff.tar.gzip, GZIP",
    "application/vnd.oci.image.layer.v1.tar+gzip, GZIP",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip, GZIP",
    "application/vnd.oci.image.layer.v1.tar+zstd, ZSTD",
    "application/vnd.oci.image.layer.v1.tar, NONE",
    "application/vnd.docker.image.rootfs.foreign.diff.tar, NONE",
    "application/octet-stream, NONE"
  })
  void mediaTypeNamesTheCompression(String mediaType, Compression expected) {
    assertThat(Compression.ofMediaType(mediaType)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1f8b0800, GZIP",
    "1f8b, GZIP",
    "28b52ffd, ZSTD",
    "28b52ffd0400, ZSTD",
    "28b52f, NONE",
    "28b52ffe, NONE",
    "28b42ffd, NONE",
    "29b52ffd, NONE",
    "28b53ffd, NONE",
    "1f8c0800, NONE",
    "1e8b0800, NONE",
    "1f, NONE",
    "'', NONE",
    "7573746172, NONE"
  })
  void magicNumberDecidesTheCompression(String hex, Compression expected) throws IOException {
    assertThat(Compression.sniff(stream(hex))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"1f8b0800ff", "28b52ffd00", "7573746172"})
  void sniffingLeavesTheStreamAtItsStart(String hex) throws IOException {
    InputStream in = stream(hex);
    Compression.sniff(in);
    assertThat(in.readAllBytes()).isEqualTo(java.util.HexFormat.of().parseHex(hex));
  }

  private static InputStream stream(String hex) {
    return new BufferedInputStream(
        new ByteArrayInputStream(java.util.HexFormat.of().parseHex(hex)));
  }
}
