package dev.ecrcname.serve;

import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * {@code --blobs cache}: a blob from the client's verified layer cache (each hit re-hashed by core,
 * so a planted wrong file is discarded, never served), filled on a miss. Concurrent requests for
 * one blob wait for one fetch.
 */
final class CacheFill {
  private final RegistryClient client;
  private final Limits limits;
  private final ConcurrentHashMap<String, CompletableFuture<Path>> inFlight =
      new ConcurrentHashMap<>();

  CacheFill(RegistryClient client, Limits limits) {
    this.client = client;
    this.limits = limits;
  }

  Path path(ImageReference blob) throws InterruptedException {
    String key = blob.toString();
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> running = inFlight.putIfAbsent(key, mine);
    if (running == null) {
      try {
        mine.complete(limits.upstream("blob_cache", () -> client.passThrough().cachedBlob(blob)));
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      } finally {
        inFlight.remove(key, mine);
      }
      running = mine;
    }
    try {
      return running.get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  /**
   * The size of a blob the cache holds, verified, or -1 when it holds none (nothing is fetched): a
   * blob's HEAD then needs no upstream request.
   */
  long verifiedSize(ImageReference blob) {
    try {
      Optional<Path> hit = client.passThrough().cachedBlobIfPresent(blob);
      return hit.isPresent() ? Files.size(hit.get()) : -1;
    } catch (IOException e) {
      return -1; // pruned since it was found: ask upstream
    }
  }

  private static RuntimeException unwrap(@Nullable Throwable cause) {
    return cause instanceof RuntimeException r
        ? r
        : new IllegalStateException("filling the cache failed", cause);
  }
}
