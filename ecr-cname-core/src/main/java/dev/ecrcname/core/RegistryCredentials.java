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

  public RegistryCredentials {
    if (username.isEmpty() && !password.isEmpty()) {
      throw new IllegalArgumentException("registry username must not be empty (ECR uses AWS)");
    }
  }

  /** No credentials: requests carry no Authorization. */
  public static RegistryCredentials anonymous() {
    return ANONYMOUS;
  }

  public boolean isAnonymous() {
    return username.isEmpty();
  }

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
