package dev.ecrcname.auth;

import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One decoded GetAuthorizationToken answer. {@code toString()} shows no password, because {@link
 * RegistryCredentials} redacts it.
 *
 * @param proxyHost the host of the answer's {@code proxyEndpoint}, or null when ECR sent none
 */
record EcrToken(RegistryCredentials credentials, @Nullable RegistryHost proxyHost) {

  @Nullable Instant expiresAt() {
    return credentials.expiresAt();
  }
}
