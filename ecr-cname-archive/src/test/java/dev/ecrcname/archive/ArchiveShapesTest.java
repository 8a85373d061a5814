package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.archive.ArchiveShapes.Shape;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16: every shape a real producer writes is read as docker load reads it, or refused with the
 * rule that applied. {@code ArchiveShapesIT} pushes the accepted ones and docker-loads them on the
 * stand-in.
 */
class ArchiveShapesTest {
  @TempDir Path dir;

  static List<Shape> accepted() {
    return ArchiveShapes.accepted();
  }

  static List<Shape> refused() {
    return ArchiveShapesRefused.all();
  }

  static Path write(Shape shape, Path dir) {
    try {
      return Files.write(dir.resolve(shape.name() + ".tar"), shape.tar());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ImageSource read(Shape shape, Path dir) {
    Path tar = write(shape, dir);
    return shape.imageName() == null
        ? DockerArchive.read(tar)
        : DockerArchive.read(tar, shape.imageName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void isReadWithItsConfigAndLayersVerified(Shape shape) throws IOException {
    try (ImageSource source = read(shape, dir)) {
      assertThat(Digest.sha256(source.configBytes())).isEqualTo(shape.imageId());
      List<Digest> diffIds = ArchiveShapes.image("any").diffIds();
      assertThat(source.layers()).extracting(ImageSource.Layer::diffId).isEqualTo(diffIds);
      for (ImageSource.Layer layer : source.layers()) {
        assertThat(drain(layer)).isEqualTo(layer.size());
      }
    }
  }

  /** As push reads it: every platform of a multi-platform index, else the one image. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void isReadByPushAsOneImageWithItsConfig(Shape shape) throws IOException {
    Path tar = write(shape, dir);
    List<ImageSource> sources =
        shape.imageName() == null
            ? DockerArchive.readPlatforms(tar)
            : DockerArchive.readPlatforms(tar, shape.imageName());
    try {
      assertThat(sources).hasSize(1);
      assertThat(Digest.sha256(sources.get(0).configBytes())).isEqualTo(shape.imageId());
    } finally {
      for (ImageSource source : sources) {
        source.close();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void isRefusedNamingTheRule(Shape shape) {
    assertThatThrownBy(
            () -> {
              try (ImageSource source = read(shape, dir)) {
                for (ImageSource.Layer layer : source.layers()) {
                  drain(layer);
                }
              }
            })
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(shape.refusal());
  }

  /**
   * Reads a layer's stored bytes to their end, where the archive checks them against every digest
   * it knows.
   */
  static long drain(ImageSource.Layer layer) throws IOException {
    try (InputStream in = layer.content().open()) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
