package dev.ecrcname.core;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Basic credentials for the registry API, or {@link #anonymous()} for none. {@link #toString()}
 * never shows the password.
 *
 * @param expiresAt when the credentials stop working, or null when unknown or never
 */
public record RegistryCredentials(String username, String password, @Nullable Instant expiresAt) {
  private static final RegistryCredentials ANONYMOUS = new RegistryCredentials("", "", null);

  /**
   * Checks that a password comes with a user name.
   *
   * @param username the registry user ({@code AWS} for ECR), or empty for anonymous
   * @param password the password, or empty for anonymous
   * @param expiresAt when the credentials stop working, or null when unknown or never
   * @throws IllegalArgumentException when the password is set and the user name is empty
   */
  public RegistryCredentials {
    if (username.isEmpty() && !password.isEmpty()) {
      throw new IllegalArgumentException("registry username must not be empty (ECR uses AWS)");
    }
  }

  /**
   * No credentials: requests carry no Authorization.
   *
   * @return the anonymous credentials
   */
  public static RegistryCredentials anonymous() {
    return ANONYMOUS;
  }

  /**
   * Whether these are no credentials.
   *
   * @return true for {@link #anonymous()}
   */
  public boolean isAnonymous() {
    return username.isEmpty();
  }

  /**
   * When the credentials stop working, when known.
   *
   * @return the expiry, or empty
   */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }

  @Override
  public String toString() {
    return isAnonymous()
        ? "RegistryCredentials[anonymous]"
        : "RegistryCredentials[username="
            + username
            + ", password=****, expiresAt="
            + expiresAt
            + "]";
  }
}
