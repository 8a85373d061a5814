package dev.ecrcname.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** What a test waits for on a local port. */
public final class Ports {
  private Ports() {}

  /**
   * Returns once a new connection to {@code port} on loopback is refused, as after a server stopped
   * listening; fails after {@code timeout}. It polls, but no result depends on how long it takes.
   */
  public static void awaitRefused(int port, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      } catch (ConnectException refused) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    throw new AssertionError("port " + port + " still takes connections after " + timeout);
  }
}
