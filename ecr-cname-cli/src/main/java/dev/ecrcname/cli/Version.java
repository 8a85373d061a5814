package dev.ecrcname.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: the version and commit the build wrote into {@code
 * version.properties}, and the Java and platform it runs on, for bug reports. Example: {@code
 * ecr-cname 0.1.0 (commit a9ef2e9) Java 17.0.15; Linux/amd64}.
 */
final class Version implements IVersionProvider {
  private static final String UNKNOWN = "unknown";

  @Override
  public String[] getVersion() {
    Properties build = load();
    return new String[] {
      "ecr-cname "
          + value(build, "version")
          + " (commit "
          + value(build, "commit")
          + ") Java "
          + System.getProperty("java.version")
          + "; "
          + System.getProperty("os.name")
          + "/"
          + System.getProperty("os.arch")
    };
  }

  static String current() {
    return value(load(), "version");
  }

  /**
   * A value the build filled in; a build without git (a source tarball) leaves the placeholder,
   * shown as unknown.
   */
  private static String value(Properties build, String key) {
    String value = build.getProperty(key, UNKNOWN).strip();
    return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return new Properties();
    }
    return properties;
  }
}
