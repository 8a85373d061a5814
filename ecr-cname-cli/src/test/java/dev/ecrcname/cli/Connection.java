package dev.ecrcname.cli;

import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.StandIn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The connection options that point the jar at the running stand-in, through its CNAME. */
final class Connection {
  private Connection() {}

  /**
   * Endpoint, CA, a private cache, and --resolve for every stand-in name, so /etc/hosts does not
   * matter.
   */
  static List<String> standIn(StandIn standIn, Path cacheDir) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--endpoint", standIn.endpoint().toString()));
    args.addAll(List.of("--ca-file", standIn.caFile().toString()));
    args.addAll(List.of("--cache-dir", cacheDir.toString()));
    for (String host : standIn.hostNames()) {
      args.addAll(List.of("--resolve", host + ":127.0.0.1"));
    }
    return args;
  }

  /**
   * The jar against a scripted {@link FakeRegistry}: its endpoint over plain http, the password on
   * stdin, a private cache.
   */
  static List<String> fake(FakeRegistry registry, Path cacheDir) {
    return List.of(
        "--endpoint",
        "http://127.0.0.1:" + registry.server().getPort(),
        "--insecure-plain-http",
        "--password-stdin",
        "--cache-dir",
        cacheDir.toString());
  }

  /** Static credentials: the password comes on stdin, the registry host is given. */
  static List<String> staticCredentials(StandIn standIn, Path cacheDir) {
    List<String> args = standIn(standIn, cacheDir);
    args.addAll(List.of("--registry", standIn.registryHost()));
    args.addAll(List.of("--username", standIn.username(), "--password-stdin"));
    return args;
  }
}
