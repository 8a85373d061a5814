package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * On the module path, core's API is readable and its internals are not: module-info makes the
 * boundary real.
 */
class ModuleBoundaryIT {
  /** Core and what it needs at run time; test libraries stay off the module path. */
  private static final List<String> CORE_AND_ITS_DEPENDENCIES =
      List.of(
          "ecr-cname-core",
          "okhttp",
          "okio",
          "kotlin-stdlib",
          "gson",
          "slf4j-api",
          "jspecify",
          "error_prone_annotations",
          "annotations-");

  private static final Predicate<String> CORE =
      jar ->
          !jar.endsWith("-tests.jar")
              && CORE_AND_ITS_DEPENDENCIES.stream().anyMatch(jar::startsWith);

  private static final String MODULE = "module consumer { requires dev.ecrcname.core; }";

  @Test
  void aModularConsumerCompilesAgainstTheApi() {
    String api =
        """
        package consumer;
        import dev.ecrcname.core.ImageReference;
        import dev.ecrcname.core.RegistryClient;
        import dev.ecrcname.core.RegistryClientBuilder;
        class UsesApi {
          RegistryClientBuilder builder = RegistryClient.builder();
          ImageReference ref = ImageReference.parse("app/small:1.0");
        }
        """;

    ConsumerCompilation result =
        ConsumerCompilation.compile(
            Map.of("module-info.java", MODULE, "consumer/UsesApi.java", api), true, CORE);

    assertThat(result.succeeded()).as(result.diagnostics()).isTrue();
  }

  @Test
  void aModularConsumerCannotImportAnInternalPackage() {
    String internal =
        """
        package consumer;
        import dev.ecrcname.core.internal.http.RetryPolicy;
        class UsesInternals {
          RetryPolicy policy = RetryPolicy.DEFAULT;
        }
        """;

    ConsumerCompilation result =
        ConsumerCompilation.compile(
            Map.of("module-info.java", MODULE, "consumer/UsesInternals.java", internal),
            true,
            CORE);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.diagnostics())
        .contains("package dev.ecrcname.core.internal.http is not visible");
  }
}
