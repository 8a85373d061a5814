package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
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
  void everyJavaExampleInTheReadmeCompilesAgainstThePublishedModules() throws Exception {
    Matcher block = JAVA_BLOCK.matcher(Files.readString(ConsumerCompilation.readme()));
    Map<String, String> sources = new TreeMap<>();
    while (block.find()) {
      String code = block.group(1);
      // A snippet that uses a client it does not declare gets one as a parameter.
      String parameter = code.contains("RegistryClient client") ? "" : "RegistryClient client";
      String name = "ReadmeExample" + sources.size();
      sources.put(name + ".java", WRAPPER.formatted(name, parameter, code));
    }
    assertThat(sources).as("```java blocks in README.md").isNotEmpty();

    ConsumerCompilation result =
        ConsumerCompilation.compile(sources, false, jar -> !jar.startsWith("ecr-cname-cli"));

    assertThat(result.succeeded()).as(result.diagnostics()).isTrue();
  }

  private static final String WRAPPER =
      """
      import dev.ecrcname.archive.DockerArchive;
      import dev.ecrcname.auth.EcrCredentialsProvider;
      import dev.ecrcname.core.*;
      import java.net.URI;
      import java.nio.file.Path;

      class %s {
        void run(%s) throws Exception {
      %s
        }
      }
      """;
}
