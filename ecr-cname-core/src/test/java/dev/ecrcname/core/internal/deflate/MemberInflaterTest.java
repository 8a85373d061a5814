package dev.ecrcname.core.internal.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * libdeflate's member-by-member reading gives what the JDK's GZIPInputStream gives on the same
 * bytes: the same output, or the same exception (class and message) at the same point (opening or
 * reading), for members, single members, cut-short and corrupt streams and bytes after the end.
 */
class MemberInflaterTest {
  private static final int BLOCK = 1 << 20;

  /** 5.5 MiB that compresses unevenly: text runs and random runs, the same every time. */
  private static final byte[] LAYER = layerBytes(11 << 19, 1);

  @BeforeEach
  void needsLibdeflate() {
    assumeThat(Libdeflate.available()).isTrue();
  }

  @Test
  void membersReadAsTheJdkReadsThemEachThroughLibdeflate() throws IOException {
    byte[] gz = members(LAYER);

    assertSameAsJdk(gz);
    try (MemberInflater inflater = open(gz)) {
      inflater.readAllBytes();
      assertThat(inflater.members()).isEqualTo(6);
      assertThat(inflater.handedToJdk()).isFalse();
    }
  }

  @Test
  void aSingleMemberTooBigForTheBuffersIsReadByTheJdkFromItsFirstByte() throws IOException {
    byte[] gz = jdkGzip(LAYER);

    assertSameAsJdk(gz);
    try (MemberInflater inflater = open(gz)) {
      assertThat(inflater.handedToJdk()).isTrue();
      assertThat(inflater.members()).isZero();
    }
  }

  @Test
  void aSmallSingleMemberIsDecodedByLibdeflate() throws IOException {
    byte[] gz = jdkGzip(layerBytes(300_000, 2));

    assertSameAsJdk(gz);
    try (MemberInflater inflater = open(gz)) {
      inflater.readAllBytes();
      assertThat(inflater.members()).isEqualTo(1);
      assertThat(inflater.handedToJdk()).isFalse();
    }
  }

  @Test
  void aBigMemberAfterSmallOnesIsReadByTheJdkFromThatMemberOn() throws IOException {
    byte[] gz = concat(members(layerBytes(2 * BLOCK, 3)), jdkGzip(layerBytes(3 * BLOCK, 4)));

    assertSameAsJdk(gz);
    try (MemberInflater inflater = open(gz)) {
      inflater.readAllBytes();
      assertThat(inflater.members()).isEqualTo(2);
      assertThat(inflater.handedToJdk()).isTrue();
    }
  }

  @Test
  void everyCutShortStreamEndsAsTheJdkEndsIt() throws IOException {
    byte[] gz = members(layerBytes(3 * BLOCK + 1000, 5));
    int[] boundaries = memberEnds(3 * BLOCK + 1000, 5);
    for (int cut = 0; cut < gz.length; cut += 65_537) {
      assertSameAsJdk(java.util.Arrays.copyOf(gz, cut));
    }
    for (int end : boundaries) {
      for (int delta : new int[] {-9, -8, -4, -1, 0, 1, 2, 10, 19}) {
        int cut = end + delta;
        if (cut >= 0 && cut <= gz.length) {
          assertSameAsJdk(java.util.Arrays.copyOf(gz, cut));
        }
      }
    }
  }

  @Test
  void aCorruptByteFailsAsTheJdkFails() throws IOException {
    byte[] gz = members(layerBytes(4 * BLOCK, 6));
    int[] ends = memberEnds(4 * BLOCK, 6);
    int third = ends[1];
    // the third member's magic, method, flags, data, CRC and length, and the last byte of all
    int[] spots = {
      third, third + 2, third + 3, third + 4000, ends[2] - 8, ends[2] - 2, gz.length - 1
    };
    for (int spot : spots) {
      byte[] corrupt = gz.clone();
      corrupt[spot] ^= 0x5a;
      assertSameAsJdk(corrupt);
    }
  }

  @Test
  void bytesAfterTheLastMemberAreTakenAsTheJdkTakesThem() throws IOException {
    byte[] gz = members(layerBytes(BLOCK + 500, 7));
    byte[] junk = new byte[100];
    new Random(8).nextBytes(junk);
    assertSameAsJdk(concat(gz, junk));
    assertSameAsJdk(concat(gz, new byte[10]));
    assertSameAsJdk(concat(gz, new byte[40]));
    assertSameAsJdk(concat(gz, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}));
    assertSameAsJdk(concat(gz, concat(new byte[] {0x1f, (byte) 0x8b, 8, 0}, junk)));
  }

  @Test
  void inputThatIsNotGzipFailsWhenOpenedAsTheJdkFails() throws IOException {
    assertSameAsJdk("not gzip at all".getBytes(StandardCharsets.UTF_8));
    assertSameAsJdk(new byte[0]);
    assertSameAsJdk(new byte[] {0x1f, (byte) 0x8b});
    assertThat(outcome(new byte[0], true).atOpen()).isTrue();
  }

  @Test
  void aHeaderCrcIsLeftToTheJdkWhichChecksIt() throws IOException {
    byte[] member = members(layerBytes(100_000, 9));
    byte[] withCrc = headerCrc(member, false);
    byte[] wrongCrc = headerCrc(member, true);

    assertSameAsJdk(concat(member, withCrc));
    assertSameAsJdk(concat(member, wrongCrc));
    assertSameAsJdk(withCrc);
    try (MemberInflater inflater = open(withCrc)) {
      assertThat(inflater.handedToJdk()).isTrue();
    }
  }

  @Test
  void openingThroughGzipInflationUsesLibdeflateWhereItIsAvailable() throws IOException {
    try (InputStream in = GzipInflation.open(new ByteArrayInputStream(members(LAYER)), 1 << 16)) {
      assertThat(in).isInstanceOf(MemberInflater.class);
      assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(LAYER));
    }
  }

  @Test
  void otherToolsSingleMembersGoStraightToTheJdk() throws IOException {
    byte[] gz = jdkGzip(layerBytes(300_000, 10));

    try (InputStream in =
        GzipInflation.open(
            new java.io.BufferedInputStream(new ByteArrayInputStream(gz)), 1 << 16)) {
      assertThat(in).isInstanceOf(GZIPInputStream.class);
      assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(layerBytes(300_000, 10)));
    }
  }

  /** What reading gave: the output's digest, or the failure and whether opening failed. */
  private record Outcome(String sha256, String failure, boolean atOpen) {}

  private static void assertSameAsJdk(byte[] gz) throws IOException {
    assertThat(outcome(gz, true)).isEqualTo(outcome(gz, false));
  }

  private static Outcome outcome(byte[] gz, boolean ours) {
    InputStream in;
    try {
      in =
          ours
              ? new MemberInflater(new ByteArrayInputStream(gz), 1 << 16)
              : new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16);
    } catch (IOException e) {
      return new Outcome("", e.getClass().getName() + ": " + e.getMessage(), true);
    }
    try (in) {
      return new Outcome(sha256(in.readAllBytes()), "", false);
    } catch (IOException e) {
      return new Outcome("", e.getClass().getName() + ": " + e.getMessage(), false);
    }
  }

  private static MemberInflater open(byte[] gz) throws IOException {
    return new MemberInflater(new ByteArrayInputStream(gz), 1 << 16);
  }

  /** As ecr-cname's push makes them: each 1 MiB block a gzip member of libdeflate level 1. */
  private static byte[] members(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LibdeflateCompressor compressor = Libdeflate.compressor(1)) {
      for (int at = 0; at < data.length; at += BLOCK) {
        int length = Math.min(BLOCK, data.length - at);
        byte[] member = new byte[compressor.gzipCompressBound(length)];
        int n = compressor.gzipCompress(data, at, length, member, 0, member.length);
        out.write(member, 0, n);
      }
    }
    return out.toByteArray();
  }

  /** Where each member of {@code members(layerBytes(size, seed))} ends. */
  private static int[] memberEnds(int size, long seed) {
    byte[] data = layerBytes(size, seed);
    int[] ends = new int[(size + BLOCK - 1) / BLOCK];
    int total = 0;
    for (int i = 0; i < ends.length; i++) {
      int from = i * BLOCK;
      total +=
          members(java.util.Arrays.copyOfRange(data, from, Math.min(size, from + BLOCK))).length;
      ends[i] = total;
    }
    return ends;
  }

  private static byte[] jdkGzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** The member with FHCRC set and a header CRC-16 inserted: right, or off by one. */
  private static byte[] headerCrc(byte[] member, boolean wrong) {
    byte[] header = java.util.Arrays.copyOf(member, 10);
    header[3] |= 2;
    CRC32 crc = new CRC32();
    crc.update(header);
    int crc16 = (int) crc.getValue() & 0xffff;
    if (wrong) {
      crc16 ^= 1;
    }
    byte[] out = new byte[member.length + 2];
    System.arraycopy(header, 0, out, 0, 10);
    out[10] = (byte) crc16;
    out[11] = (byte) (crc16 >>> 8);
    System.arraycopy(member, 10, out, 12, member.length - 10);
    return out;
  }

  private static byte[] layerBytes(int size, long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[size];
    byte[] words =
        "layer file bytes /usr/lib/x86_64-linux-gnu libc.so.6 GLIBC_2.34 "
            .getBytes(StandardCharsets.UTF_8);
    int at = 0;
    while (at < size) {
      int run = Math.min(size - at, 1000 + random.nextInt(60_000));
      if (random.nextInt(4) == 0) {
        byte[] noise = new byte[run];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, data, at, run);
      } else {
        for (int i = 0; i < run; i++) {
          data[at + i] = words[(i + random.nextInt(3)) % words.length];
        }
      }
      at += run;
    }
    return data;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
