package dev.ecrcname.core.internal.blob;

import dev.ecrcname.core.Descriptor;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.TransferListener;
import dev.ecrcname.core.internal.ops.BlobGet;
import dev.ecrcname.core.internal.ops.RegistryCaller;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Copies one blob from a repository of one registry to a repository of the same or another: HEAD
 * first (present: skipped), then a cross-repository mount within one registry (201: mounted; 202:
 * upload), else a streamed GET piped into the upload ({@link BlobPipe}), with no disk.
 */
public final class BlobCopier {
  private final RegistryCaller source;
  private final BlobUploader target;
  private final boolean sameRegistry;
  private final ExecutorService readers;

  /**
   * @param sameRegistry whether source and target are one registry (one client), so a mount can
   *     work
   * @param readers runs the GETs, apart from the pool the uploads run on, which they would
   *     otherwise wait for
   */
  public BlobCopier(
      RegistryCaller source, BlobUploader target, boolean sameRegistry, ExecutorService readers) {
    this.source = source;
    this.target = target;
    this.sameRegistry = sameRegistry;
    this.readers = readers;
  }

  public BlobUploader.Outcome copy(
      String fromRepository, Descriptor blob, String toRepository, TransferListener listener) {
    List<String> mountFrom =
        sameRegistry && !fromRepository.equals(toRepository) ? List.of(fromRepository) : List.of();
    ImageSource.Content content = () -> stream(fromRepository, blob);
    return target.send(toRepository, blob, content, mountFrom, listener);
  }

  /** Starts a GET into a fresh pipe; called once per upload attempt. */
  private InputStream stream(String repository, Descriptor blob) {
    BlobPipe pipe = new BlobPipe(blob);
    readers.execute(
        () -> {
          try {
            source.call(new BlobGet(repository, blob, null, pipe));
            pipe.finish();
          } catch (BlobPipe.Closed e) {
            // the upload stopped reading; its own failure is what the caller sees
          } catch (RuntimeException | Error e) {
            pipe.fail(e);
          }
        });
    return pipe.input();
  }
}
