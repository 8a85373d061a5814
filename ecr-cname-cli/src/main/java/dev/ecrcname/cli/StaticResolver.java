package dev.ecrcname.cli;

import dev.ecrcname.core.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --resolve HOST:ADDR}, as curl's: fixed addresses for some names, the system resolver for
 * the rest. It lets the CNAME, the registry host and the S3 host reach a local stand-in without
 * editing /etc/hosts.
 */
final class StaticResolver implements HostResolver {
  /**
   * An IP literal, so that nothing is ever looked up: IPv4, or IPv6 in brackets as curl wants it.
   */
  private static final Pattern LITERAL =
      Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]");

  private final Map<String, InetAddress> fixed;

  private StaticResolver(Map<String, InetAddress> fixed) {
    this.fixed = fixed;
  }

  /**
   * Parses {@code HOST:ADDR} entries, IPv6 addresses in brackets; curl's {@code HOST:PORT:ADDR} is
   * accepted too, the port ignored (one name, one address).
   */
  static StaticResolver parse(List<String> entries, CommandSpec spec) {
    Map<String, InetAddress> fixed = new TreeMap<>();
    for (String entry : entries) {
      String value = entry.strip();
      if (value.isEmpty()) {
        continue;
      }
      int colon = value.indexOf(':');
      String host = colon > 0 ? value.substring(0, colon) : "";
      String address = colon > 0 ? value.substring(colon + 1) : "";
      if (address.matches("\\d{1,5}:.+")) {
        address = address.substring(address.indexOf(':') + 1);
      }
      if (host.isEmpty() || !LITERAL.matcher(address).matches()) {
        throw new ParameterException(
            spec.commandLine(),
            "invalid --resolve '"
                + entry
                + "': use HOST:ADDR with an IP address, e.g. docker-ecr.internal.example:127.0.0.1");
      }
      fixed.put(host.toLowerCase(Locale.ROOT), literal(address, entry, spec));
    }
    return new StaticResolver(fixed);
  }

  private static InetAddress literal(String address, String entry, CommandSpec spec) {
    String bare = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
    try {
      return InetAddress.getByName(bare); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new ParameterException(
          spec.commandLine(), "invalid address in --resolve '" + entry + "'");
    }
  }

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    InetAddress address = fixed.get(host.toLowerCase(Locale.ROOT));
    return address != null ? List.of(address) : HostResolver.system().resolve(host);
  }
}
