package dev.ecrcname.core;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Basic credentials for the registry API. {@link #toString()} never shows the password.
 *
 * @param expiresAt when the credentials stop working, or null when unknown or never
 */
public record RegistryCredentials(String username, String password, @Nullable Instant expiresAt) {
  public RegistryCredentials {
    if (username.isEmpty()) {
      throw new IllegalArgumentException("registry username must not be empty (ECR uses AWS)");
    }
  }

  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=****, expiresAt=" + expiresAt + "]";
  }
}
