package dev.ecrcname.core;

/**
 * Progress of blob transfers. Called from the transfer threads, concurrently for different blobs,
 * so implementations must be thread-safe and quick.
 */
public interface TransferListener {

  /**
   * A blob transfer begins; {@code descriptor.size()} is its total.
   *
   * @param descriptor the blob
   */
  default void started(Descriptor descriptor) {}

  /**
   * {@code bytes} more bytes of this blob moved over the network.
   *
   * @param descriptor the blob
   * @param bytes how many bytes moved since the last call
   */
  default void transferred(Descriptor descriptor, long bytes) {}

  /**
   * The blob is done and verified.
   *
   * @param descriptor the blob
   * @param skipped true when no bytes moved: the blob was already in the local cache (pull) or the
   *     registry (push)
   */
  default void finished(Descriptor descriptor, boolean skipped) {}

  /** A listener that ignores everything. */
  TransferListener NONE = new TransferListener() {};
}
