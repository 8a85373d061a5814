package dev.ecrcname.core;

/** The provider for registries that need no credentials; the client sends no Authorization with it. */
enum AnonymousCredentials implements CredentialsProvider {
  INSTANCE;

  @Override
  public RegistryCredentials credentials() {
    throw new UnsupportedOperationException("anonymous access has no credentials");
  }
}
