package dev.ecrcname.core;

import java.util.Objects;

/**
 * An image reference names a registry host that is not the client's: a client serves one registry,
 * and answering {@code other.example/app:1} from its own registry would hand back (or overwrite) a
 * different image of the same name. A bad argument, so an {@link IllegalArgumentException}; it
 * names both hosts.
 */
public final class ForeignRegistryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The host the reference named. */
  private final RegistryHost referenceHost;

  /** The client's registry host. */
  private final RegistryHost clientHost;

  /**
   * A refusal of {@code reference}.
   *
   * @param reference the reference with its foreign host
   * @param clientHost the client's registry host
   * @param endpoint the client's endpoint, which a reference may also name
   */
  public ForeignRegistryException(
      ImageReference reference, RegistryHost clientHost, String endpoint) {
    super(
        "'"
            + reference
            + "' names the registry "
            + reference.registry()
            + ", but this client is for "
            + clientHost
            + " (through "
            + endpoint
            + "); give the reference without a host (e.g. "
            + reference.nameAndReference()
            + ") or use a client for "
            + reference.registry());
    this.referenceHost = Objects.requireNonNull(reference.registry());
    this.clientHost = clientHost;
  }

  /**
   * The host the reference named.
   *
   * @return e.g. {@code other.example}
   */
  public RegistryHost referenceHost() {
    return referenceHost;
  }

  /**
   * The client's registry host.
   *
   * @return e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}
   */
  public RegistryHost clientHost() {
    return clientHost;
  }
}
