package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example compiles unchanged against the packaged jars, as a Maven consumer would
 * build it.
 */
class ReadmeExampleIT {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theReadmesJavaExampleCompilesAgainstThePublishedModules() throws Exception {
    Matcher block = JAVA_BLOCK.matcher(Files.readString(ConsumerCompilation.readme()));
    assertThat(block.find()).as("a ```java block in README.md").isTrue();
    String source =
        """
        import dev.ecrcname.archive.DockerArchive;
        import dev.ecrcname.auth.EcrCredentialsProvider;
        import dev.ecrcname.core.*;
        import java.net.URI;
        import java.nio.file.Path;

        class ReadmeExample {
          void run() throws Exception {
        %s
          }
        }
        """
            .formatted(block.group(1));

    ConsumerCompilation result =
        ConsumerCompilation.compile(
            Map.of("ReadmeExample.java", source), false, jar -> !jar.startsWith("ecr-cname-cli"));

    assertThat(result.succeeded()).as(result.diagnostics()).isTrue();
  }
}
