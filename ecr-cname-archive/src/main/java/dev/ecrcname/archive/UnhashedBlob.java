package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * A cached blob the pull handed over without hashing it ({@code LayerReceiver.unhashed}), so that a
 * warm pull reads it once: it is hashed on the read that decompresses it, and a blob that is not
 * its digest's bytes is reported as {@link Changed}, for the caller to discard and pull again.
 */
final class UnhashedBlob {
  /** The cached file is not the blob it is named for. */
  static final class Changed extends ArchiveException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    Changed(Path file, Digest digest, Digest actual) {
      super("cached blob " + file + " hashes to " + actual + ", not to " + digest);
      this.file = file;
    }

    Path file() {
      return file;
    }
  }

  private final Path file;
  private final Digest digest;
  private final MessageDigest hash;

  UnhashedBlob(Path file, Digest digest) {
    this.file = file;
    this.digest = digest;
    this.hash = digest.newHasher();
  }

  /** The raw bytes as read, hashed on the way. */
  InputStream hashing(InputStream raw) {
    return new DigestInputStream(raw, hash);
  }

  /**
   * After the decompression: reads what it left (bytes after the compressed data count for the
   * digest) and checks the digest.
   */
  void finish(InputStream raw) throws IOException {
    raw.transferTo(OutputStream.nullOutputStream());
    Digest actual = Digest.of(hash);
    if (!actual.equals(digest)) {
      throw new Changed(file, digest, actual);
    }
  }

  /**
   * After a failed decompression: the blob's fault ({@link Changed}) when the file is not its
   * digest's bytes, found by hashing it whole; else the failure as it was.
   */
  RuntimeException explain(RuntimeException failure) {
    MessageDigest whole = digest.newHasher();
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), whole)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      return failure;
    }
    Digest actual = Digest.of(whole);
    if (actual.equals(digest)) {
      return failure;
    }
    Changed changed = new Changed(file, digest, actual);
    changed.addSuppressed(failure);
    return changed;
  }
}
