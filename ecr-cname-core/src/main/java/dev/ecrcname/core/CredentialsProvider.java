package dev.ecrcname.core;

import java.util.Optional;

/**
 * Supplies the registry's Basic credentials. Implementations must be thread-safe; the client calls
 * {@link #credentials()} for every request to the registry and {@link
 * #invalidate(RegistryCredentials)} after a 401. Closing a provider releases what it holds (an AWS
 * client); the client never closes the provider it was given.
 */
public interface CredentialsProvider extends AutoCloseable {

  /**
   * The credentials to use now; {@link RegistryCredentials#anonymous()} for none.
   *
   * @return the credentials for the next request
   */
  RegistryCredentials credentials();

  /** Releases what the provider holds. The default holds nothing. */
  @Override
  default void close() {}

  /** Forget any cached credentials; the next {@link #credentials()} fetches anew. */
  default void invalidate() {}

  /**
   * The registry rejected {@code rejected}. The client calls this, not {@link #invalidate()}, after
   * a 401, so that a provider can ignore rejections of credentials it has already replaced: with
   * several transfers in parallel, each 401 of the same expired token must not start another fetch.
   *
   * @param rejected the credentials the registry answered 401 to
   */
  default void invalidate(RegistryCredentials rejected) {
    invalidate();
  }

  /**
   * The real registry host these credentials belong to, when the provider knows it (ECR's token
   * carries it), so that the client needs no separate registry host.
   *
   * @return the registry host, or empty when the provider does not know it
   */
  default Optional<RegistryHost> registryHost() {
    return Optional.empty();
  }

  /**
   * Static credentials, e.g. {@code basic("AWS", password)} for a password from {@code aws ecr
   * get-login-password}.
   *
   * @param username the registry user; {@code AWS} for ECR
   * @param password the password; never shown by {@code toString()}
   * @return a provider that always answers these credentials
   */
  static CredentialsProvider basic(String username, String password) {
    RegistryCredentials fixed = new RegistryCredentials(username, password, null);
    return new CredentialsProvider() {
      @Override
      public RegistryCredentials credentials() {
        return fixed;
      }

      @Override
      public String toString() {
        return "CredentialsProvider.basic(" + username + ", ****)";
      }
    };
  }

  /**
   * No credentials: for registries that allow anonymous pulls.
   *
   * @return a provider whose requests carry no Authorization
   */
  static CredentialsProvider anonymous() {
    return AnonymousCredentials.INSTANCE;
  }
}
