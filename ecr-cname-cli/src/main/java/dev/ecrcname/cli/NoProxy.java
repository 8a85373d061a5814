package dev.ecrcname.cli;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code NO_PROXY} as curl and Go (docker) read it: comma-separated; {@code *} for everything; a
 * host name for itself and its subdomains ({@code example.com}, {@code .example.com} and {@code
 * *.example.com} alike, a trailing dot ignored); an IP address or a CIDR block; each optionally
 * with {@code :port}, an IPv6 address then in brackets ({@code [::1]:8443}).
 *
 * <p>Addresses are matched as addresses, not as text: {@code 0:0::1} is {@code ::1}, and an address
 * host is never matched by a name's suffix ({@code 2.3.4} does not cover {@code 1.2.3.4}). Nothing
 * is looked up in DNS: a name never matches an address rule. An entry that is not valid (a bad port
 * or prefix length, blanks inside) matches nothing (issue 21, defect 12).
 */
final class NoProxy {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");

  /** What may be an IPv6 literal: starting with a hex digit or a colon, with a colon. */
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:][0-9a-f.]*:[0-9a-f:.]*");

  private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");
  private static final int ANY_PORT = -1;
  private static final int NO_PORT = -2;

  private final List<Rule> rules;
  private final List<String> entries;

  private NoProxy(List<Rule> rules, List<String> entries) {
    this.rules = rules;
    this.entries = entries;
  }

  /** One entry, parsed. */
  private sealed interface Rule {}

  /** {@code *}. */
  private record Everything() implements Rule {}

  /** A host name and its subdomains, e.g. {@code example.com}. */
  private record Name(String domain, int port) implements Rule {}

  /** An address ({@code bits} its whole length) or a CIDR block. */
  private record Block(InetAddress network, int bits, int port) implements Rule {}

  /** The rules of {@code value}; none for null. */
  static NoProxy parse(@Nullable String value) {
    List<Rule> rules = new ArrayList<>();
    List<String> entries = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",", -1)) {
        String entry = part.strip().toLowerCase(Locale.ROOT);
        if (!entry.isEmpty()) {
          entries.add(entry);
          Rule rule = rule(entry);
          if (rule != null) {
            rules.add(rule);
          }
        }
      }
    }
    return new NoProxy(List.copyOf(rules), List.copyOf(entries));
  }

  /**
   * Whether a connection to {@code rawHost} (a name or an address, maybe bracketed) goes direct.
   */
  boolean bypasses(String rawHost, int port) {
    String host = withoutDot(rawHost.toLowerCase(Locale.ROOT));
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress address = literal(host);
    for (Rule rule : rules) {
      if (matches(rule, host, address, port)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Rule rule, String host, @Nullable InetAddress address, int port) {
    if (rule instanceof Name n) {
      return address == null && portMatches(n.port(), port) && covers(n, host);
    }
    if (rule instanceof Block b) {
      return address != null && portMatches(b.port(), port) && contains(b, address);
    }
    return true; // Everything
  }

  private static boolean portMatches(int rulePort, int port) {
    return rulePort == ANY_PORT || rulePort == port;
  }

  private static boolean covers(Name name, String host) {
    return host.equals(name.domain()) || host.endsWith("." + name.domain());
  }

  private static boolean contains(Block block, InetAddress address) {
    byte[] net = block.network().getAddress();
    byte[] bytes = address.getAddress();
    if (net.length != bytes.length) {
      return false;
    }
    int total = net.length * 8;
    BigInteger mask =
        BigInteger.ONE
            .shiftLeft(block.bits())
            .subtract(BigInteger.ONE)
            .shiftLeft(total - block.bits());
    return new BigInteger(1, net).and(mask).equals(new BigInteger(1, bytes).and(mask));
  }

  /** The rule of one entry, or null when it is not a valid one. */
  private static @Nullable Rule rule(String entry) {
    if (entry.equals("*")) {
      return new Everything();
    }
    String host = entry;
    int port = ANY_PORT;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      String rest = close < 0 ? "" : entry.substring(close + 1);
      if (close < 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
        return null;
      }
      host = entry.substring(1, close);
      port = rest.isEmpty() ? ANY_PORT : port(rest.substring(1));
    } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
      host = entry.substring(0, entry.indexOf(':'));
      port = port(entry.substring(entry.indexOf(':') + 1));
    }
    if (port == NO_PORT) {
      return null;
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      return block(host.substring(0, slash), host.substring(slash + 1), port);
    }
    InetAddress address = literal(host);
    if (address != null) {
      return new Block(address, address.getAddress().length * 8, port);
    }
    String domain = host.startsWith("*.") ? host.substring(2) : host;
    domain = withoutDot(domain.startsWith(".") ? domain.substring(1) : domain);
    return domain.isEmpty() || domain.chars().anyMatch(Character::isWhitespace)
        ? null
        : new Name(domain, port);
  }

  private static @Nullable Block block(String network, String bits, int port) {
    InetAddress address = literal(network);
    if (address == null || !DIGITS.matcher(bits).matches()) {
      return null;
    }
    int prefix = Integer.parseInt(bits);
    return prefix > address.getAddress().length * 8 ? null : new Block(address, prefix, port);
  }

  /** 0–65535, or {@link #NO_PORT} when {@code text} is not a port. */
  private static int port(String text) {
    if (!DIGITS.matcher(text).matches()) {
      return NO_PORT;
    }
    int port = Integer.parseInt(text);
    return port <= 65535 ? port : NO_PORT;
  }

  private static String withoutDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /**
   * An IP literal, strictly (dotted-quad IPv4 without leading zeros, or IPv6), or null for a name.
   * {@link InetAddress#getByName} is given only text of an IPv6 literal's characters that starts
   * with a hex digit or a colon, which it parses or refuses without asking DNS.
   */
  static @Nullable InetAddress literal(String text) {
    Matcher v4 = IPV4.matcher(text);
    if (v4.matches()) {
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(v4.group(i + 1));
        if (part > 255) {
          return null;
        }
        bytes[i] = (byte) part;
      }
      return address(bytes);
    }
    if (!IPV6.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static @Nullable InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null; // never: four bytes are an IPv4 address
    }
  }

  @Override
  public String toString() {
    return String.join(",", entries);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }
}
