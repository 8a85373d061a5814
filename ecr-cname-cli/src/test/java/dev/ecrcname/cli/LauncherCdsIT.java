package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution launcher's class data sharing archive (issue 21, defect 4): a mapped archive is
 * code the JVM runs, so the launcher uses only the user's own, unwritable by others, in a 0700
 * directory, checks its CRC, and deletes a broken one; no archive can make a command fail. Each run
 * is {@code pull --help}, which takes the archive path without needing a registry.
 */
class LauncherCdsIT {
  @TempDir Path unpacked;
  Path home;
  Path dir;

  @BeforeEach
  void unpack() throws IOException {
    Command.of(
            "tar", "-xzf", DistributionIT.archive(".tar.gz").toString(), "-C", unpacked.toString())
        .run()
        .succeeded();
    try (Stream<Path> top = Files.list(unpacked)) {
      home = top.findFirst().orElseThrow();
    }
    dir = home.resolve("cache/ecr-cname/cds");
  }

  Command.Result run() {
    return DistributionIT.launcher(home, "pull", "--help").run().succeeded();
  }

  /** Whether a run maps the published archive, by the JVM's own CDS log (the user's -Xlog wins). */
  boolean runMapsTheArchive() throws IOException {
    Path archive = archive();
    String log =
        DistributionIT.launcher(home, "pull", "--help")
            .env("ECR_CNAME_JAVA_OPTS", "-Xlog:cds=info")
            .run()
            .succeeded()
            .stdout();
    return log.contains("Opened archive " + archive);
  }

  List<Path> files(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  Path archive() throws IOException {
    return files(".jsa").get(0);
  }

  Path part() throws IOException {
    return files(".part").get(0);
  }

  /** Flips 200 bytes past the header, as a disk error or a planted file would. */
  static void corrupt(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    byte[] bytes = Files.readAllBytes(file);
    Random random = new Random(1);
    for (int i = 0; i < 200; i++) {
      int at = 4096 + random.nextInt(bytes.length - 4096);
      bytes[at] = (byte) ~bytes[at];
    }
    Files.write(file, bytes);
  }

  @Test
  void theSecondRunPublishesTheArchiveInAPrivateDirectoryAndLaterRunsMapIt() throws IOException {
    run();
    assertThat(files(".part")).hasSize(1);
    run();

    assertThat(files(".jsa")).hasSize(1);
    assertThat(files(".part")).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(runMapsTheArchive()).isTrue();
  }

  @Test
  void aCorruptedPartIsDeletedNotPublishedAndTheCommandRuns() throws IOException {
    run();
    Path part = part();
    corrupt(part);

    run();

    assertThat(part).doesNotExist();
    assertThat(files(".jsa")).isEmpty();
  }

  @Test
  void aPublishedArchiveCorruptedLaterNeverBreaksACommandAndIsDeleted() throws IOException {
    run();
    run();
    Path archive = archive();
    corrupt(archive);

    run();

    assertThat(archive).doesNotExist();
  }

  @Test
  void anArchiveOthersMayWriteIsNeitherMappedNorKept() throws IOException {
    run();
    run();
    Path archive = archive();
    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThat(runMapsTheArchive()).isFalse();
    assertThat(archive).doesNotExist();
  }

  @Test
  void aPartOwnedBySomeoneElseIsNeverPublished() throws IOException {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "only root can give a file away");
    run();
    Path part = part();
    Command.of("chown", "4242", part.toString()).run().succeeded();

    run();

    assertThat(files(".jsa")).isEmpty();
    assertThat(part).doesNotExist();
  }

  @Test
  void aCdsDirectoryOthersMayWriteIsMadePrivateBeforeUse() throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    run();

    assertThat(Files.isSymbolicLink(dir)).isFalse();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rwx------");
  }
}
