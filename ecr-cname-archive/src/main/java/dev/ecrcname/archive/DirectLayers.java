package dev.ecrcname.archive;

import com.github.luben.zstd.Zstd;
import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Digest;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The fast path for uncompressed archives: every layer is decompressed in parallel straight into
 * its final place in the output, so each layer is read once and written once, with no temp file and
 * no second copy.
 *
 * <p>That needs each layer's size before it is decompressed, to place the ones after it. Compressed
 * formats state it: gzip's trailer holds the size modulo 2^32 (exact for the single-member gzip of
 * docker, buildkit and containerd below 4 GiB), ecr-cname's own 1 MiB members add up to it ({@link
 * MemberSizes}), a zstd frame header usually holds it. A size is only a hint: if a layer turns out
 * longer or shorter, the writer abandons this layout and falls back to temp files, so the output
 * bytes are the same either way.
 *
 * <p>With {@link UncompressedLayers}, a layer kept from an earlier write is copied instead of
 * decompressed (and hashed on the way: wrong bytes are dropped and the layer decompressed), and a
 * decompressed one is kept for the next write.
 */
final class DirectLayers {
  /** A layer whose size differed from its hint; the layout is abandoned. */
  static final class MissedHint extends IOException {
    private static final long serialVersionUID = 1L;

    MissedHint(String what) {
      super(what + ": its size differs from the size its compressed form states");
    }
  }

  /** A layer to place: its blob, its diff_id, and where its header and data go. */
  record Slot(
      String key,
      Path blob,
      Digest diffId,
      String what,
      long header,
      long data,
      long size,
      @Nullable Digest unhashed) {}

  /**
   * A distinct layer in archive order; {@code unhashed} is the digest of a cached blob the pull did
   * not hash, to hash on the read that decompresses it.
   */
  record Source(String key, Path blob, Digest diffId, String what, @Nullable Digest unhashed) {}

  private static final long MAX_HINT = 1L << 40;
  private final FileChannel out;
  private final List<Slot> slots;
  private final long end;
  private final AtomicBoolean abandoned = new AtomicBoolean();
  private final @Nullable UncompressedLayers kept;

  private DirectLayers(
      FileChannel out, List<Slot> slots, long end, @Nullable UncompressedLayers kept) {
    this.out = out;
    this.slots = slots;
    this.end = end;
    this.kept = kept;
  }

  /**
   * Lays the layers out from the channel's position, or empty when some layer's size cannot be
   * predicted.
   */
  static Optional<DirectLayers> plan(
      FileChannel out, List<Source> sources, @Nullable UncompressedLayers kept) throws IOException {
    long position = out.position();
    List<Slot> slots = new ArrayList<>();
    for (Source source : sources) {
      OptionalLong hint = sizeHint(source.blob());
      // A zstd header may claim up to 2^64 bytes; past a terabyte it is not worth laying out (or
      // overflowing) for.
      if (hint.isEmpty() || hint.getAsLong() > MAX_HINT) {
        return Optional.empty();
      }
      long size = hint.getAsLong();
      String name = BlobPaths.SHA256 + source.diffId().hex();
      int headerLength = TarHeaders.header(name, TarHeaders.REGULAR, size, "").length;
      long data = position + headerLength;
      slots.add(
          new Slot(
              source.key(),
              source.blob(),
              source.diffId(),
              source.what(),
              position,
              data,
              size,
              source.unhashed()));
      position += headerLength + size + TarHeaders.padding(size);
    }
    return Optional.of(new DirectLayers(out, slots, position, kept));
  }

  static OptionalLong sizeHint(Path blob) throws IOException {
    try (FileChannel in = FileChannel.open(blob, StandardOpenOption.READ)) {
      long length = in.size();
      byte[] head = read(in, 0, (int) Math.min(length, 18));
      Compression compression =
          Compression.sniff(new BufferedInputStream(new ByteArrayInputStream(head)));
      return switch (compression) {
        case NONE -> OptionalLong.of(length);
        case GZIP -> {
          if (length < 18) {
            yield OptionalLong.empty();
          }
          OptionalLong members =
              MemberSizes.startsWithMember(head)
                  ? MemberSizes.of(in, length)
                  : OptionalLong.empty();
          if (members.isPresent()) {
            yield members; // a layer ecr-cname pushed: one member per 1 MiB
          }
          ByteBuffer trailer =
              ByteBuffer.wrap(read(in, length - 4, 4)).order(ByteOrder.LITTLE_ENDIAN);
          yield OptionalLong.of(Integer.toUnsignedLong(trailer.getInt()));
        }
        case ZSTD -> {
          long size = Zstd.getFrameContentSize(head);
          yield size >= 0 ? OptionalLong.of(size) : OptionalLong.empty();
        }
      };
    }
  }

  /**
   * Starts the biggest layers first: with fewer threads than layers, a big layer started last would
   * run alone at the end while the other threads idle. Placement, and so the bytes, do not depend
   * on this order.
   */
  void submitTo(LayerJobs jobs) {
    slots.stream()
        .sorted(Comparator.comparingLong(Slot::size).reversed())
        .forEach(slot -> jobs.submit(slot.key(), () -> write(slot)));
  }

  /**
   * Copies the kept uncompressed layer into its slot if there is one with the right bytes, else
   * decompresses the blob there (keeping the result when asked to).
   */
  private StoredLayer write(Slot slot) throws IOException {
    if (kept != null) {
      Optional<Path> hit = kept.find(slot.diffId(), slot.size());
      if (hit.isPresent()) {
        if (copyVerified(hit.get(), slot)) {
          kept.used(hit.get());
          return stored(slot);
        }
        kept.discard(hit.get()); // wrong bytes: decompress the layer as if it was never kept
      }
    }
    Optional<Path> temp = kept != null ? kept.temp(slot.diffId()) : Optional.empty();
    try (Copy copy = new Copy(temp)) {
      decompress(slot, copy);
      temp.ifPresent(file -> copy.keepAs(slot.diffId()));
      return stored(slot);
    }
  }

  private static StoredLayer stored(Slot slot) {
    return new StoredLayer(slot.diffId(), slot.size(), slot.blob(), Compression.NONE);
  }

  /**
   * Decompresses (or, for a plain tar, copies) one layer into its slot, hashing it on the way; an
   * unhashed cached blob is hashed on the same read.
   */
  private void decompress(Slot slot, Copy copy) throws IOException {
    Digest unhashed = slot.unhashed();
    UnhashedBlob check = unhashed != null ? new UnhashedBlob(slot.blob(), unhashed) : null;
    try {
      decompress(slot, copy, check);
    } catch (ArchiveException e) {
      throw check != null && !(e instanceof UnhashedBlob.Changed) ? check.explain(e) : e;
    }
  }

  private void decompress(Slot slot, Copy copy, @Nullable UnhashedBlob check) throws IOException {
    MessageDigest hash = Digest.newSha256();
    long position = slot.data();
    long limit = slot.data() + slot.size();
    byte[] buffer = new byte[Decompression.BUFFER * 4];
    InputStream file = Decompression.open(slot.blob());
    try (InputStream raw =
        new BufferedInputStream(check != null ? check.hashing(file) : file, Decompression.BUFFER)) {
      Compression compression = Compression.sniff(raw);
      try (InputStream in = Decompression.layer(compression, raw)) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          position = place(slot, buffer, n, position, hash);
          copy.write(buffer, n);
        }
        if (check != null) {
          check.finish(raw);
        }
      } catch (IOException e) {
        if (e instanceof MissedHint
            || e instanceof ClosedChannelException
            || e instanceof WriteFailed) {
          throw e;
        }
        throw new ArchiveException(
            slot.what() + " does not decompress as " + compression + ": " + e.getMessage(), e);
      }
    }
    if (position != limit) {
      throw new MissedHint(slot.what());
    }
    StoredLayer.requireDiffId(hash, slot.diffId(), slot.what());
  }

  /**
   * Copies a kept layer into its slot while hashing it; false (the slot to be written again) when
   * its bytes are not the diff_id's.
   */
  private boolean copyVerified(Path file, Slot slot) throws IOException {
    MessageDigest hash = Digest.newSha256();
    long position = slot.data();
    byte[] buffer = new byte[Decompression.BUFFER * 4];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        position = place(slot, buffer, n, position, hash);
      }
    } catch (MissedHint | WriteFailed e) {
      throw e;
    } catch (IOException e) {
      return false; // the kept file went away or cannot be read: decompress instead
    }
    return position == slot.data() + slot.size() && Digest.sha256Of(hash).equals(slot.diffId());
  }

  /**
   * Hashes {@code n} bytes of a layer and writes them at {@code position} of its slot; returns the
   * position after them. A layer longer than its slot (or an abandoned layout) is a missed hint.
   */
  private long place(Slot slot, byte[] bytes, int n, long position, MessageDigest hash)
      throws IOException {
    if (abandoned.get() || position + n > slot.data() + slot.size()) {
      throw new MissedHint(slot.what());
    }
    hash.update(bytes, 0, n);
    try {
      writeFully(ByteBuffer.wrap(bytes, 0, n), position);
    } catch (IOException e) {
      throw new WriteFailed(e); // the disk's failure, not the layer's (e.g. a full disk)
    }
    return position + n;
  }

  /**
   * The decompressed bytes, also written to a temp file to keep when asked to. Best effort: a
   * failure to write the copy drops the copy, never the layer.
   */
  private final class Copy implements AutoCloseable {
    private @Nullable Path temp;
    private @Nullable FileChannel channel;

    Copy(Optional<Path> temp) {
      this.temp = temp.orElse(null);
      Path t = this.temp;
      if (t != null) {
        try {
          this.channel = FileChannel.open(t, StandardOpenOption.WRITE);
        } catch (IOException e) {
          drop();
        }
      }
    }

    void write(byte[] bytes, int length) {
      FileChannel c = channel;
      if (c == null) {
        return;
      }
      try {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        while (b.hasRemaining()) {
          c.write(b);
        }
      } catch (IOException e) {
        drop();
      }
    }

    /** Publishes the copy under the diff_id the layer's bytes were checked against. */
    void keepAs(Digest diffId) {
      Path t = temp;
      UncompressedLayers k = kept;
      if (t != null && k != null && closeChannel()) {
        k.keep(t, diffId);
        temp = null;
      }
    }

    private boolean closeChannel() {
      FileChannel c = channel;
      channel = null;
      if (c == null) {
        return false;
      }
      try {
        c.close();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private void drop() {
      closeChannel();
      Path t = temp;
      UncompressedLayers k = kept;
      if (t != null && k != null) {
        k.discard(t);
      }
      temp = null;
    }

    @Override
    public void close() {
      drop();
    }
  }

  /**
   * Waits for every layer, then writes their headers and padding and moves the channel past them.
   * Returns false when a hint missed: the caller then starts over with temp files.
   */
  boolean finish(LayerJobs jobs) throws IOException, InterruptedException {
    try {
      for (Slot slot : slots) {
        jobs.await(slot.key());
      }
    } catch (MissedHint e) {
      abandoned.set(true);
      jobs.awaitAllQuietly();
      return false;
    }
    for (Slot slot : slots) {
      String name = BlobPaths.SHA256 + slot.diffId().hex();
      writeFully(
          ByteBuffer.wrap(TarHeaders.header(name, TarHeaders.REGULAR, slot.size(), "")),
          slot.header());
      int padding = TarHeaders.padding(slot.size());
      writeFully(ByteBuffer.wrap(new byte[padding]), slot.data() + slot.size());
    }
    out.position(end);
    return true;
  }

  /** Writing the tarball failed; reported as the write's failure, never as a bad layer. */
  private static final class WriteFailed extends IOException {
    private static final long serialVersionUID = 1L;

    WriteFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private void writeFully(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += out.write(buffer, at);
    }
  }

  private static byte[] read(FileChannel in, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining() && in.read(buffer, position + buffer.position()) >= 0) {
      // keep reading until full or at end of file
    }
    return buffer.array();
  }
}
