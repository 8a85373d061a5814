package dev.ecrcname.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Credentials that change with each {@link #invalidate()} ({@code token-0}, then {@code token-1},
 * …), counting the invalidations: what a refresh after a 401 is tested with.
 */
final class RotatingCredentials implements CredentialsProvider {
  final AtomicInteger invalidations = new AtomicInteger();

  @Override
  public RegistryCredentials credentials() {
    return new RegistryCredentials("AWS", "token-" + invalidations.get(), null);
  }

  @Override
  public void invalidate() {
    invalidations.incrementAndGet();
  }
}
