package dev.ecrcname.serve;

import dev.ecrcname.core.RegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MirrorServer} was built with, checked.
 *
 * @param names the registry names it serves ({@code ns}), lower case
 * @param allowedHosts the Host header names it answers, lower case, without port
 */
record Settings(
    RegistryClient client,
    Set<String> names,
    String listenHost,
    int port,
    BlobMode blobs,
    Duration tagTtl,
    long manifestCacheBytes,
    Set<String> allowedHosts,
    @Nullable Path tlsCert,
    @Nullable Path tlsKey,
    @Nullable Path clientCa,
    @Nullable Path authTokenFile,
    int maxUpstream,
    int maxBlobStreams,
    Duration queueTimeout,
    Duration drainTimeout,
    int maxRequestHeaderBytes,
    BooleanSupplier ready) {

  boolean tls() {
    return tlsCert != null;
  }
}
