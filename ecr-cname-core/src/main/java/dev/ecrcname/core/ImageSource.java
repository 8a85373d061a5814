package dev.ecrcname.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An image to push: its config bytes and its layers, from wherever they live (a {@code docker save}
 * tarball, our own archives). Push reads this; the archive module provides it, so that core never
 * depends on archive.
 */
public interface ImageSource extends AutoCloseable {

  /**
   * The config exactly as it must be uploaded; its sha256 is the image ID, which survives the round
   * trip.
   *
   * @return the config's bytes
   */
  byte[] configBytes();

  /**
   * The layers, bottom first, one per {@code rootfs.diff_ids} entry.
   *
   * @return the layers
   */
  List<Layer> layers();

  /**
   * Names the source had (RepoTags), possibly none.
   *
   * @return the names, e.g. {@code app/small:1.0}
   */
  List<String> names();

  /**
   * The platform this image is for, when its source says so (the entry of a multi-platform index it
   * came from); empty to take the platform its config declares.
   *
   * @return the platform, or empty
   */
  default Optional<Platform> platform() {
    return Optional.empty();
  }

  @Override
  void close() throws IOException;

  /** Opens a layer's stored bytes; called once per upload attempt. */
  @FunctionalInterface
  interface Content {
    /**
     * Opens the stored bytes from their start.
     *
     * @return a new stream over the stored bytes; the caller closes it
     * @throws IOException when the bytes cannot be read
     */
    InputStream open() throws IOException;

    /**
     * Whether the streams {@link #open} returns check the bytes against the layer's diff_id
     * themselves and fail at their end on a mismatch, so that push need not hash every byte a
     * second time.
     *
     * @return true when the streams check the diff_id
     */
    default boolean checksDiffId() {
      return false;
    }
  }

  /**
   * One layer as stored in the source.
   *
   * @param diffId the sha256 of the uncompressed tar, from the config
   * @param compression how the stored bytes are compressed
   * @param size the size of the stored bytes
   * @param storedDigest the digest of the stored bytes when the source already knows it, else null
   */
  record Layer(
      Digest diffId,
      Compression compression,
      long size,
      @Nullable Digest storedDigest,
      Content content) {}
}
