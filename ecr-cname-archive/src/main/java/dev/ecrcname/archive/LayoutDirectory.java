package dev.ecrcname.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an OCI image layout as a directory tree under {@code root}, which {@link TempArea} then
 * renames into place. File times are left as they fall: a directory has no single byte stream to
 * keep identical, and the layout's content (names and bytes) is the same on every run.
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
  public void file(String name, Path source, long size) throws IOException {
    if (Files.size(source) != size) {
      throw new ArchiveException(
          source + " changed while the layout was written: expected " + size + " bytes");
    }
    Files.copy(source, resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
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
