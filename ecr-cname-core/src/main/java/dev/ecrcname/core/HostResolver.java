package dev.ecrcname.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to addresses. Override it for split-horizon DNS, or in tests to send the
 * CNAME, the registry host and S3 to a local stand-in.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * The addresses of {@code host}, tried in order.
   *
   * @param host a host name: the CNAME, the registry host, an S3 host or a proxy
   * @return at least one address
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /**
   * The system resolver.
   *
   * @return a resolver that asks {@link InetAddress#getAllByName(String)}
   */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
