package dev.ecrcname.cli;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryCredentials;
import dev.ecrcname.core.RegistryHost;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Counts the registry tokens {@code serve} obtains, for its metrics: a provider's answer that is
 * not the one before is a new token. The credentials themselves are only passed through.
 */
final class TokenCounter {
  private volatile Runnable onRefresh = () -> {};
  private volatile @Nullable RegistryCredentials last;

  void onRefresh(Runnable action) {
    this.onRefresh = action;
  }

  CredentialsProvider wrap(CredentialsProvider delegate) {
    return new CredentialsProvider() {
      @Override
      public RegistryCredentials credentials() {
        RegistryCredentials now = delegate.credentials();
        if (!now.equals(last)) {
          last = now;
          onRefresh.run();
        }
        return now;
      }

      @Override
      public void close() {
        delegate.close();
      }

      @Override
      public void invalidate() {
        delegate.invalidate();
      }

      @Override
      public void invalidate(RegistryCredentials rejected) {
        delegate.invalidate(rejected);
      }

      @Override
      public Optional<RegistryHost> registryHost() {
        return delegate.registryHost();
      }

      @Override
      public String toString() {
        return delegate.toString();
      }
    };
  }
}
