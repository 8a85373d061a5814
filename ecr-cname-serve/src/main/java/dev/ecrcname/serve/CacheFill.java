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
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code --blobs cache}: a blob from the client's verified layer cache (each hit re-hashed by core,
 * so a planted wrong file is discarded, never served), filled on a miss. Concurrent requests for
 * one blob wait for one fetch.
 */
final class CacheFill {
  private final RegistryClient client;
  private final Limits limits;
  private final ConcurrentHashMap<String, CompletableFuture<Path>> filling =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<Optional<Path>>> checking =
      new ConcurrentHashMap<>();

  CacheFill(RegistryClient client, Limits limits) {
    this.client = client;
    this.limits = limits;
  }

  Path path(ImageReference blob) throws InterruptedException {
    return shared(
        filling,
        blob.toString(),
        () -> limits.upstream("blob_cache", () -> client.passThrough().cachedBlob(blob)));
  }

  /**
   * The size of a blob the cache holds, verified, or -1 when it holds none (nothing is fetched): a
   * blob's HEAD then needs no upstream request. Verifying re-hashes the whole file, so concurrent
   * HEADs of one blob share one hash, and hashes take a blob-stream slot, as the streams they stand
   * in for do: a burst of HEADs cannot hash without bound.
   */
  long verifiedSize(ImageReference blob) throws InterruptedException {
    Optional<Path> hit =
        shared(
            checking,
            blob.toString(),
            () -> {
              limits.acquireBlobStream();
              try {
                return client.passThrough().cachedBlobIfPresent(blob);
              } finally {
                limits.releaseBlobStream();
              }
            });
    try {
      return hit.isPresent() ? Files.size(hit.get()) : -1;
    } catch (IOException e) {
      return -1; // pruned since it was found: ask upstream
    }
  }

  /** Runs {@code work} once for every caller that asks for {@code key} while it runs. */
  private static <T> T shared(
      ConcurrentHashMap<String, CompletableFuture<T>> running, String key, Supplier<T> work)
      throws InterruptedException {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> other = running.putIfAbsent(key, mine);
    if (other == null) {
      try {
        mine.complete(work.get());
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      } finally {
        running.remove(key, mine);
      }
      other = mine;
    }
    try {
      return other.get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  private static RuntimeException unwrap(@Nullable Throwable cause) {
    return cause instanceof RuntimeException r
        ? r
        : new IllegalStateException("filling the cache failed", cause);
  }
}
