package dev.ecrcname.cli;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryClient;

/**
 * A client and the credentials provider it uses, closed together (the AWS provider holds SDK
 * clients).
 */
record Session(RegistryClient client, CredentialsProvider credentials) implements AutoCloseable {

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      closeCredentials(credentials);
    }
  }

  static void closeCredentials(CredentialsProvider credentials) {
    try {
      credentials.close();
    } catch (RuntimeException e) {
      // Nothing useful to do about a client that fails to close at exit.
    }
  }
}
