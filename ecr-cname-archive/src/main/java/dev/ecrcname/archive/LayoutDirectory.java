package dev.ecrcname.archive;

import dev.ecrcname.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * Writes an OCI image layout as a directory tree under {@code root}, which {@link TempArea} then
 * renames into place. Files get the default permissions (not those of the cache or temp files they
 * are copied from, which are private) and the time they were written: a directory has no single
 * byte stream to keep identical, and its names and bytes are the same on every run.
 */
final class LayoutDirectory implements LayoutSink {
  private final Path root;

  LayoutDirectory(Path root) throws IOException {
    this.root = Files.createDirectory(root);
  }

  @Override
  public void directory(String name) throws IOException {
    Files.createDirectories(resolve(name));
  }

  @Override
  public void symlink(String name, String target) throws IOException {
    Files.createSymbolicLink(resolve(name), Path.of(target));
  }

  @Override
  public void file(String name, byte[] content) throws IOException {
    Files.write(resolve(name), content);
  }

  @Override
  public void file(String name, Path source, long size, Digest digest) throws IOException {
    Path target = resolve(name);
    MessageDigest hash = digest.newHasher();
    // A stream copy, since Files.copy would give the target the source's mode: a temp file's 0600.
    try (InputStream in = new DigestInputStream(Files.newInputStream(source), hash);
        OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      in.transferTo(out);
    }
    long copied = Files.size(target);
    Digest actual = Digest.of(hash);
    if (copied != size || !actual.equals(digest)) {
      throw LayoutSink.changed(source, size, digest, copied + " bytes hashing to " + actual);
    }
  }

  @Override
  public void finish() {}

  /** Names come from digests and fixed strings only, never from the input; still, stay inside. */
  private Path resolve(String name) {
    Path path = root.resolve(name).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalStateException("layout entry outside the layout: " + name);
    }
    return path;
  }
}
