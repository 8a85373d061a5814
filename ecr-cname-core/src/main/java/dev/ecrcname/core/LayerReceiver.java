package dev.ecrcname.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Takes each layer of a pull as its bytes arrive ({@link RegistryClient#pull(ImageReference,
 * LayerReceiver)}), so that a writer of tarballs places them in its output while they are
 * downloaded into the layer cache or read from it: each layer is read once and written once. The
 * pull hashes the same bytes on the same pass; a layer's bytes count only once {@link
 * Layer#verified()} is called, and a pull that fails has handed over nothing usable.
 *
 * <p>Called from the layer threads, concurrently for different layers; once per distinct layer
 * digest.
 */
public interface LayerReceiver {

  /**
   * The image's layers, in manifest order, before any layer's bytes; called on the pulling thread.
   *
   * @param layers the manifest's layer descriptors
   * @throws IOException when the receiver cannot take them; the pull fails with it
   */
  void layers(List<Descriptor> layers) throws IOException;

  /**
   * Where the bytes of {@code layer} go.
   *
   * @param layer the layer about to be read from the cache or downloaded
   * @return the receiving side; empty when the receiver reads the cached blob itself after the pull
   *     and checks it against its digest as it reads: then a blob already in the cache is only
   *     checked for its size, not hashed a first time
   * @throws IOException when the receiver cannot take the layer; the pull fails with it
   */
  Optional<Layer> open(Descriptor layer) throws IOException;

  /**
   * The cached blob of {@code layer} was handed over without being hashed, because {@link #open}
   * gave no receiving side: the receiver must hash it on the read it makes, and not count on it
   * until then. A blob downloaded by the pull is verified and not named here.
   *
   * @param layer the layer
   * @param file its file in the cache
   */
  default void unhashed(Descriptor layer, Path file) {}

  /** One layer's bytes, in order; possibly started again before they are verified. */
  interface Layer {
    /**
     * The next bytes of the layer; not verified yet.
     *
     * @param bytes holds the bytes
     * @param offset where they start in {@code bytes}
     * @param length how many
     * @throws IOException when they cannot be written; the pull fails with it
     */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Every byte written so far is void: the layer starts again from its first byte (a cached copy
     * turned out wrong, or a server did not resume where a download stopped).
     *
     * @throws IOException when the receiver cannot start again; the pull fails with it
     */
    void restart() throws IOException;

    /**
     * Every byte of the layer was written, and together they hash to its digest.
     *
     * @throws IOException when the receiver cannot finish the layer; the pull fails with it
     */
    void verified() throws IOException;
  }
}
