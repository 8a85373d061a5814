package dev.ecrcname.testing;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.Buffer;
import okio.BufferedSink;

/**
 * A blob a {@link FakeRegistry} holds back until the test releases it: a request in flight on
 * demand, for tests of limits, draining and cancellation, with no sleep deciding anything. It is
 * held {@link Hold#BEFORE_ANSWER before the status line}, or {@link Hold#HALF_BODY after half of
 * its body}, so that the client already has its headers and first bytes.
 */
public final class HeldBlob {
  /** Where the answer stops until {@link #release()}. */
  public enum Hold {
    /** Before the status line: the request is upstream, nothing has come back. */
    BEFORE_ANSWER,
    /** After the first half of the body, flushed. */
    HALF_BODY
  }

  private static final Duration LONGEST = Duration.ofMinutes(2);

  private final byte[] bytes;
  private final String digest;
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  private HeldBlob(byte[] bytes) {
    this.bytes = bytes;
    this.digest = sha256(bytes);
  }

  /**
   * Serves {@code size} random bytes (from {@code seed}) as a blob of {@code repository}, held at
   * {@code hold}. Release it in the test's cleanup too, so that the server can close.
   */
  public static HeldBlob serve(
      FakeRegistry registry, String repository, int size, long seed, Hold hold) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    HeldBlob blob = new HeldBlob(bytes);
    registry.override(RegistryPaths.blob(repository, blob.digest), r -> blob.answer(hold));
    return blob;
  }

  /** The blob's digest, {@code sha256:…}. */
  public String digest() {
    return digest;
  }

  /** Whether the registry received the request within {@code timeout}. */
  public boolean awaitRequested(Duration timeout) throws InterruptedException {
    return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the answer go on. */
  public void release() {
    released.countDown();
  }

  private MockResponse answer(Hold hold) {
    requested.countDown();
    if (hold == Hold.BEFORE_ANSWER) {
      awaitRelease();
      return new MockResponse.Builder().body(new Buffer().write(bytes)).build();
    }
    MockResponseBody halfThenHeld =
        new MockResponseBody() {
          @Override
          public long getContentLength() {
            return bytes.length;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes, 0, bytes.length / 2);
            sink.flush();
            awaitRelease();
            sink.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
          }
        };
    return new MockResponse.Builder().body(halfThenHeld).build();
  }

  private void awaitRelease() {
    try {
      released.await(LONGEST.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
