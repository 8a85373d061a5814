package dev.ecrcname.core;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host names of private ECR registries, in every form AWS serves them. The pattern follows the
 * one in awslabs/amazon-ecr-credential-helper ({@code ecr-login/api/client.go}), plus VPC endpoint
 * names, whose certificate covers {@code *.dkr.ecr.<region>.vpce.amazonaws.com}.
 *
 * <p>The forms:
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
 */
public final class EcrHosts {
  // us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1: a region is never a bare word like
  // "vpce".
  private static final String REGION = "[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}";
  private static final String VPCE_DOMAINS = "vpce\\.amazonaws\\.com(?:\\.cn)?";
  private static final String DUAL_STACK_DOMAINS = "on\\.aws|on\\.amazonwebservices\\.com\\.cn";
  private static final Pattern ECR_HOST =
      Pattern.compile(
          "(\\d{12})\\.dkr[.-]ecr(-fips)?\\.("
              + REGION
              + ")\\.("
              + VPCE_DOMAINS
              + "|"
              + DUAL_STACK_DOMAINS
              + "|amazonaws\\.com(?:\\.cn)?|amazonaws\\.eu"
              + "|sc2s\\.sgov\\.gov|c2s\\.ic\\.gov|cloud\\.adc-e\\.uk|csp\\.hci\\.ic\\.gov)");
  private static final Pattern VPCE = Pattern.compile(VPCE_DOMAINS);
  private static final Pattern DUAL_STACK = Pattern.compile(DUAL_STACK_DOMAINS);

  private EcrHosts() {}

  /**
   * A parsed ECR registry host.
   *
   * @param host the host name, lower case, without a trailing dot
   * @param accountId the 12-digit AWS account that owns the registry
   * @param region the AWS region, e.g. {@code us-east-1}
   * @param fips whether this is a FIPS endpoint ({@code dkr.ecr-fips})
   * @param dualStack whether this is a dual-stack (IPv4 and IPv6) endpoint ({@code on.aws})
   * @param vpcEndpoint whether this is a VPC endpoint name ({@code vpce.amazonaws.com})
   */
  public record EcrHost(
      String host,
      String accountId,
      String region,
      boolean fips,
      boolean dualStack,
      boolean vpcEndpoint) {}

  /**
   * Parses a registry host name such as {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}. Takes
   * a bare host: no scheme, port or path. Case and one trailing dot are ignored, as in DNS.
   *
   * @param host the host name
   * @return the parsed host, or empty when {@code host} is not an ECR registry host
   */
  public static Optional<EcrHost> parse(String host) {
    String normal = host.toLowerCase(Locale.ROOT);
    if (normal.endsWith(".")) {
      normal = normal.substring(0, normal.length() - 1);
    }
    Matcher m = ECR_HOST.matcher(normal);
    if (!m.matches()) {
      return Optional.empty();
    }
    String domain = m.group(4);
    return Optional.of(
        new EcrHost(
            normal,
            m.group(1),
            m.group(3),
            m.group(2) != null,
            DUAL_STACK.matcher(domain).matches(),
            VPCE.matcher(domain).matches()));
  }

  /**
   * Whether {@code host} is an ECR registry host in one of the known forms.
   *
   * @param host a bare host name
   * @return true for an ECR registry host
   */
  public static boolean isEcrHost(String host) {
    return parse(host).isPresent();
  }
}
