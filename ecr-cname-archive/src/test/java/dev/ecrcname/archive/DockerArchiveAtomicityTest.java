package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecrcname.archive.TestImages.Codec;
import dev.ecrcname.core.Digest;
import dev.ecrcname.core.PulledImage;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All or nothing: a failed or interrupted write leaves no partial archive and no temp directory
 * behind.
 */
class DockerArchiveAtomicityTest {
  @TempDir Path blobs;
  @TempDir Path out;

  @Test
  void anEmptyTargetDirectoryStaysEmptyAfterAFailure() throws IOException {
    List<byte[]> tars = TestImages.standardLayers();
    List<Digest> wrong = new ArrayList<>(TestImages.diffIds(tars));
    wrong.set(1, Digest.sha256("something else"));
    PulledImage image = TestImages.image(blobs, "1.0", tars, Codec.GZIP, wrong);
    Path target = out.resolve("image.tar");

    assertThatThrownBy(() -> DockerArchive.write(image, target))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("layer 1 of")
        .hasMessageContaining(wrong.get(1).toString());
    assertNothingLeftIn(out);
  }

  @Test
  void layerCountThatDiffersFromDiffIdsIsRefusedBeforeWriting() throws IOException {
    List<byte[]> tars = TestImages.standardLayers();
    PulledImage image =
        TestImages.image(blobs, "1.0", tars, Codec.GZIP, TestImages.diffIds(tars.subList(0, 3)));

    assertThatThrownBy(() -> DockerArchive.write(image, out.resolve("image.tar")))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("4 layers")
        .hasMessageContaining("has 3");
    assertNothingLeftIn(out);
  }

  @Test
  void interruptedWriteLeavesNothingBehind() throws IOException {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> DockerArchive.write(image, out.resolve("image.tar")))
          .isInstanceOf(ArchiveException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted())
          .as("the interrupt is kept for the caller")
          .isTrue();
    } finally {
      Thread.interrupted();
    }
    assertNothingLeftIn(out);
  }

  /**
   * One layer's blob is a named pipe that yields nothing until the test ends it, so the write
   * cannot finish before the interrupt: the interrupt always arrives while that layer is being
   * read. Opening the pipe's writing end returns once the archive has opened it for reading, which
   * is the latch. Then the pipe is ended for every reader, as a finished download would be: a read
   * from {@code Files.newInputStream} ignores interrupts (JDK 17), so a worker blocked in one only
   * returns when its input does, and the write must still end as interrupted and clean up after it.
   */
  @Test
  void interruptWhileALayerIsReadEndsTheWriteAsInterruptedAndLeavesNothingBehind()
      throws Exception {
    PulledImage image = TestImages.image(blobs, "1.0", TestImages.standardLayers(), Codec.GZIP);
    Path pipe = image.layers().get(2).blob();
    Files.delete(pipe);
    mkfifo(pipe);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                DockerArchive.write(
                    image, out.resolve("image.tar"), WriteOptions.builder().parallelism(2).build());
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    writer.start();

    try (FileOutputStream held = openOnceTheArchiveReads(pipe, failure)) {
      writer.interrupt();
    }
    Thread ender = endEveryReader(pipe, writer);
    writer.join(TimeUnit.SECONDS.toMillis(20));
    release(pipe, ender, writer);

    assertThat(writer.isAlive()).as("the write ended within 20 s of the interrupt").isFalse();
    assertThat(failure.get())
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("interrupted");
    assertNothingLeftIn(out);
  }

  @Test
  void existingTargetIsReplacedOnlyWhenTheNewArchiveIsComplete() throws IOException {
    Path target = out.resolve("image.tar");
    Files.writeString(target, "previous archive");
    List<byte[]> tars = TestImages.standardLayers();
    PulledImage bad =
        TestImages.image(
            blobs,
            "1.0",
            tars,
            Codec.GZIP,
            List.of(
                Digest.sha256("a"), Digest.sha256("b"), Digest.sha256("c"), Digest.sha256("d")));

    assertThatThrownBy(() -> DockerArchive.write(bad, target)).isInstanceOf(ArchiveException.class);
    assertThat(Files.readString(target)).isEqualTo("previous archive");
    DockerArchive.write(TestImages.image(blobs, "1.0", tars, Codec.GZIP), target);
    assertThat(TarContents.read(target).entries()).containsKey("manifest.json");
  }

  private static void assertNothingLeftIn(Path directory) throws IOException {
    try (Stream<Path> left = Files.list(directory)) {
      assertThat(left).as("files left in %s", directory).isEmpty();
    }
  }

  private static void mkfifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo %s", path).isZero();
  }

  /**
   * Opens and closes the pipe's writing end while the write goes on: each reader then reads to its
   * end.
   */
  private static Thread endEveryReader(Path pipe, Thread writer) {
    Thread ender =
        new Thread(
            () -> {
              while (writer.isAlive()) {
                try (FileOutputStream end = new FileOutputStream(pipe.toFile())) {
                  // Opened once a reader has; closing it is that reader's end of file.
                } catch (IOException e) {
                  return;
                }
              }
            });
    ender.setDaemon(true);
    ender.start();
    return ender;
  }

  /**
   * Lets a blocked open in {@code ender} return once the write is over: opening a pipe for reading
   * and writing never blocks (Linux). A write still running is the test's failure, and the daemon
   * ender is left to it.
   */
  private static void release(Path pipe, Thread ender, Thread writer) throws Exception {
    while (ender.isAlive() && !writer.isAlive()) {
      FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
      ender.join(100);
    }
  }

  /**
   * Opens the pipe for writing, which blocks until a reader opens it. Should the archive never do
   * so, opening the pipe for reading and writing here releases the blocked open, and the test fails
   * saying why.
   */
  private static FileOutputStream openOnceTheArchiveReads(
      Path pipe, AtomicReference<Throwable> failure) throws Exception {
    CompletableFuture<FileOutputStream> open =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new FileOutputStream(pipe.toFile());
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      return open.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
      open.join().close();
      throw new AssertionError(
          "the archive never opened the layer's blob; the write ended with " + failure.get(), e);
    }
  }
}
