package dev.ecrcname.core;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry host: the {@code host[:port]} an image reference starts with, and the host a client's
 * requests are addressed to. The one class that parses host text: image references, the client's
 * registry host, the CLI's {@code --registry}, docker's {@code config.json} keys and role ARNs all
 * go through it, so they agree on one format.
 *
 * <p>When the name is a private ECR registry host, {@link #ecr()} gives its account, region,
 * partition and endpoint family. The ECR forms follow the pattern of
 * awslabs/amazon-ecr-credential-helper ({@code ecr-login/api/client.go}), plus VPC endpoint names,
 * whose certificate covers {@code *.dkr.ecr.<region>.vpce.amazonaws.com}:
 *
 * <ul>
 *   <li>{@code <acct>.dkr.ecr.<region>.amazonaws.com}, and {@code .amazonaws.com.cn} in China
 *   <li>FIPS: {@code <acct>.dkr.ecr-fips.<region>.amazonaws.com}
 *   <li>dual-stack: {@code <acct>.dkr-ecr.<region>.on.aws} (and {@code
 *       on.amazonwebservices.com.cn})
 *   <li>VPC endpoint: {@code <acct>.dkr.ecr.<region>.vpce.amazonaws.com}
 *   <li>the other partitions: {@code amazonaws.eu}, {@code c2s.ic.gov}, {@code sc2s.sgov.gov},
 *       {@code cloud.adc-e.uk}, {@code csp.hci.ic.gov}
 * </ul>
 *
 * @param name the host name, lower case and without a trailing dot, or a bracketed IPv6 literal
 * @param port the port, or -1 when none was given (the scheme's default)
 */
public record RegistryHost(String name, int port) {
  private static final String DOMAIN_COMPONENT =
      "(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])"; // after lower-casing
  private static final Pattern NAME =
      Pattern.compile(
          "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-f0-9:]+\\])");
  private static final Pattern HOST_PORT = Pattern.compile("(" + NAME + ")(?::([0-9]{1,5}))?");

  // us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1: a region is never a bare word like
  // "vpce".
  private static final String REGION = "[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}";
  private static final Pattern ECR_HOST =
      Pattern.compile(
          "(\\d{12})\\.dkr[.-]ecr(-fips)?\\.("
              + REGION
              + ")\\.(vpce\\.)?(on\\.aws|on\\.amazonwebservices\\.com\\.cn|amazonaws\\.com"
              + "|amazonaws\\.com\\.cn|amazonaws\\.eu|sc2s\\.sgov\\.gov|c2s\\.ic\\.gov"
              + "|cloud\\.adc-e\\.uk|csp\\.hci\\.ic\\.gov)");

  private static final String EXAMPLE = "e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com";

  /**
   * Validates the name and port.
   *
   * @param name the host name, lower case, or a bracketed IPv6 literal
   * @param port 1 to 65535, or -1 for none
   * @throws IllegalArgumentException when either is invalid
   */
  public RegistryHost {
    if (!NAME.matcher(name).matches() || name.length() > 253) {
      throw new IllegalArgumentException(
          "invalid registry host '" + name + "': give a lower-case host name, " + EXAMPLE);
    }
    if (port != -1 && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("invalid port " + port + " of registry host " + name);
    }
  }

  /**
   * Parses {@code host[:port]}, as an image reference or docker writes it. Case and one trailing
   * dot are ignored, as in DNS.
   *
   * @param text e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com} or {@code localhost:5000}
   * @return the host
   * @throws IllegalArgumentException with an example, when {@code text} is no such host
   */
  public static RegistryHost parse(String text) {
    String normal = text.strip().toLowerCase(Locale.ROOT);
    if (normal.endsWith(".")) {
      normal = normal.substring(0, normal.length() - 1);
    }
    Matcher m = HOST_PORT.matcher(normal);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid registry host '" + text + "': give host[:port] without a scheme, " + EXAMPLE);
    }
    String port = m.group(2);
    return new RegistryHost(m.group(1), port == null ? -1 : parsePort(port, text));
  }

  /**
   * Parses a host that may be written as a URL, as docker's {@code config.json} keys ({@code
   * https://host/v1/}) and the original script's {@code --ecr-url} write it: the scheme and any
   * path are dropped.
   *
   * @param text {@code host[:port]} or {@code scheme://host[:port][/path]}
   * @return the host
   * @throws IllegalArgumentException when there is no valid host in {@code text}
   */
  public static RegistryHost parseUrlOrHost(String text) {
    String rest = text.strip();
    int scheme = rest.indexOf("://");
    if (scheme >= 0) {
      rest = rest.substring(scheme + 3);
    }
    int slash = rest.indexOf('/');
    return parse(slash < 0 ? rest : rest.substring(0, slash));
  }

  /**
   * The host and port of a URL, such as a client's endpoint.
   *
   * @param url an absolute URL with a host
   * @return its host, with its port when the URL names one
   * @throws IllegalArgumentException when the URL has no valid host
   */
  public static RegistryHost of(URI url) {
    String host = url.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    return parse(url.getPort() == -1 ? host : host + ":" + url.getPort());
  }

  /**
   * Whether the first component of a reference names a host rather than a repository, as docker
   * decides (distribution/reference {@code splitDockerDomain}): a dot, a port, {@code localhost} or
   * upper case marks a host.
   */
  static boolean looksLikeHost(String component) {
    return component.contains(".")
        || component.contains(":")
        || component.equals("localhost")
        || !component.equals(component.toLowerCase(Locale.ROOT));
  }

  private static int parsePort(String port, String text) {
    int value = Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException(
          "invalid port in registry host '" + text + "': 1 to 65535, " + EXAMPLE);
    }
    return value;
  }

  /**
   * Whether this host, with {@code defaultPort} for a missing port, is the same as {@code other}.
   *
   * @param other another host
   * @param defaultPort the port a host without one means, e.g. 443 for https
   * @return whether name and port agree
   */
  public boolean sameAs(RegistryHost other, int defaultPort) {
    return name.equals(other.name) && portOr(defaultPort) == other.portOr(defaultPort);
  }

  private int portOr(int defaultPort) {
    return port == -1 ? defaultPort : port;
  }

  /**
   * The ECR registry this host names, when it is one.
   *
   * @return its account, region, partition and endpoint family; empty for any other host (or one
   *     with a port: ECR serves on 443 only)
   */
  public Optional<Ecr> ecr() {
    Matcher m = ECR_HOST.matcher(name);
    if (port != -1 || !m.matches()) {
      return Optional.empty();
    }
    String domain = m.group(5);
    boolean vpce = m.group(4) != null;
    boolean dualStack = domain.startsWith("on.");
    if (vpce && !domain.startsWith("amazonaws.com")) {
      return Optional.empty();
    }
    return Optional.of(
        new Ecr(
            m.group(1),
            m.group(3),
            partition(domain, m.group(3)),
            m.group(2) != null,
            dualStack,
            vpce));
  }

  /**
   * Whether this is a private ECR registry host in one of the known forms.
   *
   * @return true for an ECR registry host
   */
  public boolean isEcr() {
    return ecr().isPresent();
  }

  /** AWS's partition ids, by the DNS suffix of the partition (botocore's partitions.json). */
  private static String partition(String domain, String region) {
    return switch (domain) {
      case "amazonaws.com.cn", "on.amazonwebservices.com.cn" -> "aws-cn";
      case "c2s.ic.gov" -> "aws-iso";
      case "sc2s.sgov.gov" -> "aws-iso-b";
      case "csp.hci.ic.gov" -> "aws-iso-f";
      case "cloud.adc-e.uk" -> "aws-iso-e";
      case "amazonaws.eu" -> "aws-eusc";
      // GovCloud shares the commercial suffixes; its regions say which partition it is.
      default -> region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    };
  }

  /**
   * What a private ECR registry host names.
   *
   * @param accountId the 12-digit AWS account that owns the registry
   * @param region the AWS region, e.g. {@code us-east-1}
   * @param partition the AWS partition, as ARNs name it: {@code aws}, {@code aws-cn}, {@code
   *     aws-us-gov}, {@code aws-iso}, {@code aws-iso-b}, {@code aws-iso-e}, {@code aws-iso-f} or
   *     {@code aws-eusc}
   * @param fips whether this is a FIPS endpoint ({@code dkr.ecr-fips})
   * @param dualStack whether this is a dual-stack (IPv4 and IPv6) endpoint ({@code on.aws})
   * @param vpcEndpoint whether this is a VPC endpoint name ({@code vpce.amazonaws.com})
   */
  public record Ecr(
      String accountId,
      String region,
      String partition,
      boolean fips,
      boolean dualStack,
      boolean vpcEndpoint) {}

  /**
   * The host as a reference or a Host header writes it.
   *
   * @return {@code name} or {@code name:port}
   */
  @Override
  public String toString() {
    return port == -1 ? name : name + ":" + port;
  }
}
