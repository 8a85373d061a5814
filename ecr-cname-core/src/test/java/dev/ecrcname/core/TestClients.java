package dev.ecrcname.core;

import dev.ecrcname.testing.StandIn;

/** The clients core's tests build, in one place: the fixtures module cannot name core's types. */
final class TestClients {
  private TestClients() {}

  /** A client for the stand-in through its CNAME, with its static credentials and CA; tests add the rest. */
  static RegistryClient.Builder standIn(StandIn standIn) {
    return RegistryClient.builder()
        .endpoint(standIn.endpoint())
        .registryHost(standIn.registryHost())
        .credentials(CredentialsProvider.basic(standIn.username(), standIn.password()))
        .trustedCertificates(standIn.caFile())
        .resolver(standIn::resolve);
  }
}
