package dev.ecrcname.core.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The User-Agent every request carries: {@code ecr-cname/<version> (Java <version>; <os>/<arch>)},
 * after the caller's own product token when there is one, as the AWS SDK puts {@code
 * aws-sdk-java/…} after an application's suffix-less prefix. The version comes from {@code
 * version.properties}, filled in by the build.
 */
public final class UserAgent {
  private static final String UNKNOWN = "unknown";

  private UserAgent() {}

  /**
   * The header value, e.g. {@code myproduct/1.2 ecr-cname/0.1.0 (Java 17.0.15; Linux/amd64)}.
   *
   * @param product the caller's product token, or null for none
   * @return the value of the User-Agent header
   */
  public static String of(@Nullable String product) {
    String ours =
        "ecr-cname/"
            + version()
            + " (Java "
            + System.getProperty("java.version")
            + "; "
            + System.getProperty("os.name")
            + "/"
            + System.getProperty("os.arch")
            + ")";
    return product == null ? ours : product + " " + ours;
  }

  /**
   * Checks a caller's product token: printable ASCII, since it goes into a header as is.
   *
   * @param product e.g. {@code myproduct/1.2}
   * @return the token, stripped
   * @throws IllegalArgumentException when it is blank or holds other characters
   */
  public static String checkProduct(String product) {
    String value = product.strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("userAgent must not be blank, e.g. myproduct/1.2");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "userAgent must be printable ASCII, e.g. myproduct/1.2; found character U+"
                + String.format("%04X", (int) c));
      }
    }
    return value;
  }

  /** This library's version as the build wrote it, or {@code unknown}. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return UNKNOWN;
    }
    String value = properties.getProperty("version", UNKNOWN).strip();
    return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
  }
}
