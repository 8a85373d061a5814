package dev.ecrcname.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
      // What a snippet uses without declaring (a client, a second registry's client, a secret)
      // comes in as a parameter, as it would in the reader's own code.
      String parameter =
          CONTEXT.entrySet().stream()
              .filter(v -> !Pattern.compile("\\b" + v.getKey() + "\\s*=").matcher(code).find())
              .map(v -> v.getValue() + " " + v.getKey())
              .collect(Collectors.joining(", "));
      String name = "ReadmeExample" + sources.size();
      sources.put(name + ".java", WRAPPER.formatted(name, parameter, code));
    }
    assertThat(sources).as("```java blocks in README.md").isNotEmpty();

    ConsumerCompilation result =
        ConsumerCompilation.compile(sources, false, jar -> !jar.startsWith("ecr-cname-cli"));

    assertThat(result.succeeded()).as(result.diagnostics()).isTrue();
  }

  private static final Map<String, String> CONTEXT =
      new TreeMap<>(
          Map.of(
              "client", "RegistryClient",
              "staging", "RegistryClient",
              "prod", "RegistryClient",
              "secret", "String"));

  private static final String WRAPPER =
      """
      import dev.ecrcname.archive.*;
      import dev.ecrcname.auth.EcrCredentialsProvider;
      import dev.ecrcname.core.*;
      import java.net.*;
      import java.nio.file.*;
      import java.time.*;
      import java.util.*;

      class %s {
        void run(%s) throws Exception {
      %s
        }
      }
      """;
}
