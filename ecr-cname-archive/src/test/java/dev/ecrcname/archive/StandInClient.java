package dev.ecrcname.archive;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.testing.StandIn;

/**
 * A client for the stand-in through its CNAME, with its static credentials and CA; tests add the
 * rest.
 */
final class StandInClient {
  private StandInClient() {}

  static RegistryClient.Builder builder(StandIn standIn) {
    return RegistryClient.builder()
        .endpoint(standIn.endpoint())
        .registryHost(standIn.registryHost())
        .credentials(CredentialsProvider.basic(standIn.username(), standIn.password()))
        .trustedCertificates(standIn.caFile())
        .resolver(standIn::resolve);
  }
}
