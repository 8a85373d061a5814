package dev.ecrcname.core;

import java.util.Objects;

/**
 * A user name and password for an HTTP proxy that asks for Basic authentication ({@code 407 Proxy
 * Authentication Required}). A JDK-only value, so that the API names no HTTP library's type; the
 * same value serves the registry client and {@code EcrCredentialsProvider}. {@link #toString()}
 * never shows the password.
 *
 * @param username the proxy user
 * @param password the proxy password
 */
public record ProxyCredentials(String username, String password) {

  /**
   * Checks the values.
   *
   * @param username the proxy user
   * @param password the proxy password
   * @throws IllegalArgumentException when the user name is empty
   */
  public ProxyCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isEmpty()) {
      throw new IllegalArgumentException("proxy username must not be empty");
    }
  }

  @Override
  public String toString() {
    return "ProxyCredentials[username=" + username + ", password=****]";
  }
}
