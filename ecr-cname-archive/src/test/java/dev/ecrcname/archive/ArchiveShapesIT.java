package dev.ecrcname.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecrcname.archive.ArchiveShapes.Shape;
import dev.ecrcname.core.ImageSource;
import dev.ecrcname.core.PushResult;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.testing.TestClients;
import dev.ecrcname.testing.Command;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16 against the stand-in: what push accepts, docker load accepts too (on the stand-in's
 * dockerd, 20.10), and the tarball docker loaded but push refused now goes up through the CNAME and
 * comes back with the same image ID.
 */
class ArchiveShapesIT {
  static StandIn standIn;
  @TempDir Path work;

  @BeforeAll
  static void standIn() {
    // Only the tests that run docker need dockerd; pushing runs without it.
    standIn = StandIn.require();
  }

  static List<Shape> accepted() {
    return ArchiveShapes.accepted();
  }

  private PushResult push(Shape shape, String repository, String tag) throws Exception {
    try (RegistryClient client =
            TestClients.standIn(standIn).cacheDirectory(work.resolve("cache")).build();
        ImageSource source = ArchiveShapesTest.read(shape, work)) {
      return client.push(repository, tag, source);
    }
  }

  private static String freshRepository(Shape shape) {
    // A fresh repository each run: the stand-in keeps its data, and the push must really upload.
    return "shapes/" + shape.name() + "-" + Long.toHexString(System.nanoTime());
  }

  @Test
  void aLegacyConfigNotNamedByItsHashPushesAndDockerPullsItBackWithTheSameImageId()
      throws Exception {
    standIn.requireDocker();
    Shape shape =
        ArchiveShapes.accepted().stream()
            .filter(s -> s.name().equals("config-not-named-by-hash"))
            .findFirst()
            .orElseThrow();
    String id = shape.imageId().toString();
    standIn.docker("rmi", "-f", id);
    standIn.docker("load", "-i", ArchiveShapesTest.write(shape, work).toString()).succeeded();
    assertThat(inspectId(id)).as("docker load takes it").isEqualTo(id);
    standIn.docker("rmi", "-f", id);

    String repository = freshRepository(shape);
    assertThat(push(shape, repository, "1").imageId()).hasToString(id);

    String pushed = standIn.registryAuthority() + "/" + repository + ":1";
    standIn.docker("pull", "-q", pushed).succeeded();
    assertThat(inspectId(pushed)).isEqualTo(id);
    standIn.docker("rmi", "-f", pushed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void everyAcceptedShapePushesWithItsImageId(Shape shape) throws Exception {
    assertThat(push(shape, freshRepository(shape), "1").imageId()).isEqualTo(shape.imageId());
  }

  /**
   * docker load accepts what push accepts; the shapes docker cannot load (OCI layout only) are
   * shown failing.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void dockerLoadAcceptsWhatPushAccepts(Shape shape) {
    standIn.requireDocker();
    String id = shape.imageId().toString();
    standIn.docker("rmi", "-f", id);
    Command.Result load =
        standIn.docker("load", "-i", ArchiveShapesTest.write(shape, work).toString());
    if (shape.dockerLoads()) {
      load.succeeded();
      assertThat(inspectId(id)).isEqualTo(id);
      standIn.docker("rmi", "-f", id);
    } else {
      assertThat(load.exitCode())
          .as("docker 20.10 cannot load an OCI layout without manifest.json")
          .isNotZero();
    }
  }

  private static String inspectId(String image) {
    return standIn
        .docker("image", "inspect", "--format", "{{.Id}}", image)
        .succeeded()
        .stdout()
        .trim();
  }
}
