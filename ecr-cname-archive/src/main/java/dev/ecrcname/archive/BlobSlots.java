package dev.ecrcname.archive;

import dev.ecrcname.core.Compression;
import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.LayerReceiver;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Layer blobs written straight into their place in a tarball while a pull downloads them or reads
 * them from the cache ({@link LayerReceiver}): the compressed pull writes each layer once, instead
 * of into the cache and then from the cache into the tarball. The sizes are the manifest's, so
 * every slot is known before the first byte: {@code blobs/sha256/<digest>} in order of first use,
 * as {@link LayerPlacement} places them. Only bytes the pull verified count: {@link #finish}
 * refuses a slot that was not filled and verified, and the caller's {@link TempArea} deletes the
 * tarball of a pull that failed.
 */
final class BlobSlots implements LayerReceiver {
  /** Where one blob goes, and what was written there. */
  private final class Slot implements LayerReceiver.Layer {
    final Descriptor blob;
    final long header;
    final long data;
    private long written;
    private final byte[] head = new byte[4];
    private volatile boolean verified;

    Slot(Descriptor blob, long header, long data) {
      this.blob = blob;
      this.header = header;
      this.data = data;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (verified || written + length > blob.size()) {
        throw new IOException(
            "blob " + blob.digest() + " is longer than the " + blob.size() + " bytes it declares");
      }
      if (written < head.length) {
        System.arraycopy(
            bytes, offset, head, (int) written, (int) Math.min(length, head.length - written));
      }
      writeFully(ByteBuffer.wrap(bytes, offset, length), data + written);
      written += length;
    }

    @Override
    public void restart() {
      written = 0;
      Arrays.fill(head, (byte) 0);
      verified = false;
    }

    @Override
    public void verified() throws IOException {
      if (written != blob.size()) {
        throw new IOException(
            "blob " + blob.digest() + ": " + written + " of " + blob.size() + " bytes written");
      }
      verified = true;
    }

    Compression compression() throws IOException {
      return Compression.sniff(new BufferedInputStream(new ByteArrayInputStream(head)));
    }
  }

  private final FileChannel out;
  private final long start;
  private final Map<Digest, Slot> slots = new LinkedHashMap<>();
  private long end = -1;

  /** Slots from {@code out}'s position on. */
  BlobSlots(FileChannel out) throws IOException {
    this.out = out;
    this.start = out.position();
  }

  @Override
  public synchronized void layers(List<Descriptor> layers) throws IOException {
    if (end >= 0) {
      throw new IllegalStateException("the slots are laid out once, for one image");
    }
    long position = start;
    for (Descriptor layer : layers) {
      if (slots.containsKey(layer.digest())) {
        continue;
      }
      int headerLength = header(layer).length;
      slots.put(layer.digest(), new Slot(layer, position, position + headerLength));
      position += headerLength + layer.size() + TarHeaders.padding(layer.size());
    }
    end = position;
  }

  @Override
  public Optional<LayerReceiver.Layer> open(Descriptor layer) {
    return Optional.of(slot(layer.digest()));
  }

  private synchronized Slot slot(Digest digest) {
    Slot slot = slots.get(digest);
    if (slot == null) {
      throw new IllegalStateException("no slot for blob " + digest);
    }
    return slot;
  }

  /**
   * Once the pull has returned: every slot verified, their headers and padding written, and the
   * channel after the last. Returns each blob as stored, by digest.
   */
  synchronized Map<Digest, StoredLayer> finish(Map<Digest, Path> cached) throws IOException {
    Map<Digest, StoredLayer> stored = new LinkedHashMap<>();
    for (Slot slot : slots.values()) {
      if (!slot.verified) {
        throw new ArchiveException("blob " + slot.blob.digest() + " was not pulled whole");
      }
      writeFully(ByteBuffer.wrap(header(slot.blob)), slot.header);
      int padding = TarHeaders.padding(slot.blob.size());
      writeFully(ByteBuffer.wrap(new byte[padding]), slot.data + slot.blob.size());
      Path file = cached.get(slot.blob.digest());
      if (file == null) {
        throw new IllegalStateException("the pull did not return blob " + slot.blob.digest());
      }
      stored.put(
          slot.blob.digest(),
          new StoredLayer(slot.blob.digest(), slot.blob.size(), file, slot.compression()));
    }
    out.position(end);
    return stored;
  }

  /** The blob names these slots hold. */
  synchronized List<String> names() {
    List<String> names = new ArrayList<>();
    slots.keySet().forEach(digest -> names.add(BlobPaths.SHA256 + digest.hex()));
    return names;
  }

  private static byte[] header(Descriptor blob) {
    return TarHeaders.header(
        BlobPaths.SHA256 + blob.digest().hex(), TarHeaders.REGULAR, blob.size(), "");
  }

  private void writeFully(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += out.write(buffer, at);
    }
  }
}
