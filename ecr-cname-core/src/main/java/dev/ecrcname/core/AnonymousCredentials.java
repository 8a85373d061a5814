package dev.ecrcname.core;

/**
 * The provider for registries that allow anonymous pulls: it supplies no credentials, so no
 * Authorization is sent.
 */
enum AnonymousCredentials implements CredentialsProvider {
  INSTANCE;

  @Override
  public RegistryCredentials credentials() {
    return RegistryCredentials.anonymous();
  }

  @Override
  public String toString() {
    return "CredentialsProvider.anonymous()";
  }
}
