package dev.ecrcname.cli;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets HotSpot to compile the JDK's AES-GCM decryption and SHA-256 with their CPU intrinsics
 * (AES-NI, PCLMULQDQ, SHA-NI) before the layer bytes arrive, once per JVM, on a background thread.
 *
 * <p>Why: those intrinsics only apply once C2 has compiled the callers, which it does by call
 * count. A fresh JVM (the CLI) otherwise decrypts the TLS records and hashes the first hundreds of
 * megabytes in the interpreter and C1, several times slower; profiles of a 900 MB pull showed most
 * download time in the Java fallbacks ({@code GHASH.blockMult}, {@code CounterMode.implCrypt}) and
 * the crucial methods compiled only seconds in (see docs/benchmarks.md). Many calls on small
 * records reach the thresholds far sooner, while the pull is still resolving its manifest; the
 * thread stops as soon as a full record decrypts at intrinsic speed (0.3 s in a quiet JVM, up to 1
 * s in the CLI, whose start-up keeps the compiler busy), or after 3 s. The calls mirror what the
 * TLS record layer does (in-place {@link ByteBuffer} decryption with associated data), with a mix
 * of sizes so that the compiled code stays valid for full 16 KiB records. The key and data are
 * zeros: nothing here protects anything; it only exercises code.
 */
final class JitWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(JitWarmup.class);
  private static final State STATE = new State();

  /**
   * Record sizes: mostly small so calls are cheap before compilation, now and then a full TLS
   * record.
   */
  private static final int[] SIZES = {33, 81, 161, 257, 529, 1041, 16401};

  private static final int CALLS = 400_000;
  private static final long MAX_NANOS = 3_000_000_000L;

  /**
   * A 16 KiB record decrypted this fast runs on the intrinsics: about 5 us with them (3 GB/s), 40
   * us when only some callers are compiled, 200-800 us before.
   */
  private static final long FAST_NANOS = 15_000;

  private JitWarmup() {}

  /**
   * Starts the warm-up unless it is running or done in this JVM; returns at once with the thread
   * started now, or null. It stops early, not done, when {@code wanted} turns false (a pull found
   * its blobs in the cache), and can then be started again.
   */
  static @Nullable Thread start(BooleanSupplier wanted) {
    return start(STATE, wanted);
  }

  /** Whether a warm-up runs, and whether one finished; one per JVM, or per test. */
  static final class State {
    final AtomicBoolean running = new AtomicBoolean();
    volatile boolean done;
  }

  /**
   * {@link #start(BooleanSupplier)} with its state given, so that a test does not share the JVM's.
   */
  // The lowest priority keeps the warm-up from competing with the transfer it prepares for.
  @SuppressWarnings("ThreadPriorityCheck")
  static @Nullable Thread start(State state, BooleanSupplier wanted) {
    if (state.done || !state.running.compareAndSet(false, true)) {
      return null;
    }
    Thread thread = new Thread(() -> run(state, wanted), "ecr-cname-jit-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
    LOG.debug("JIT warm-up started");
    return thread;
  }

  private static void run(State state, BooleanSupplier wanted) {
    try {
      state.done = run(wanted);
    } finally {
      state.running.set(false);
    }
    // Wanted again while it was stopping: a download started just then.
    if (!state.done && wanted.getAsBoolean()) {
      start(state, wanted);
    }
  }

  /** The warm-up; true when it ended by itself (done), false when it was no longer wanted. */
  private static boolean run(BooleanSupplier wanted) {
    long start = System.nanoTime();
    try {
      // TLS 1.3 servers pick AES-256-GCM or AES-128-GCM; both go through the same JDK classes,
      // warmed with both keys.
      int calls = warm(new SecretKeySpec(new byte[32], "AES"), start, wanted);
      calls += warm(new SecretKeySpec(new byte[16], "AES"), start, wanted);
      boolean done = wanted.getAsBoolean();
      LOG.debug(
          "JIT warm-up: {} calls in {} ms{}",
          calls,
          (System.nanoTime() - start) / 1_000_000,
          done ? "" : ", stopped: no download");
      return done;
    } catch (GeneralSecurityException | RuntimeException e) {
      LOG.debug("JIT warm-up skipped: {}", e.toString()); // only speed is at stake
      return true;
    }
  }

  private static int warm(SecretKeySpec key, long start, BooleanSupplier wanted)
      throws GeneralSecurityException {
    byte[] aad = {23, 3, 3, 0, 0}; // a TLS 1.3 record header, as the record layer passes it
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    byte[][] records = new byte[SIZES.length][];
    GCMParameterSpec[] nonces = new GCMParameterSpec[SIZES.length];
    for (int k = 0; k < SIZES.length; k++) {
      byte[] nonce = new byte[12];
      nonce[0] = (byte) k;
      nonces[k] = new GCMParameterSpec(128, nonce);
      cipher.init(Cipher.ENCRYPT_MODE, key, nonces[k]);
      cipher.updateAAD(aad);
      records[k] = cipher.doFinal(new byte[SIZES[k]]);
    }
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    byte[] work = new byte[records[SIZES.length - 1].length];
    int calls = 0;
    for (boolean fast = false;
        !fast
            && calls < CALLS
            && System.nanoTime() - start < MAX_NANOS
            && (calls % 256 != 0 || wanted.getAsBoolean());
        calls++) {
      int k = calls % 64 == 63 ? SIZES.length - 1 : calls % (SIZES.length - 1);
      long before = System.nanoTime();
      decrypt(cipher, key, nonces[k], aad, records[k], work);
      // A full record decrypted in under FAST_NANOS means the intrinsics are in: nothing left to
      // gain.
      fast = k == SIZES.length - 1 && System.nanoTime() - before < FAST_NANOS;
      sha256.update(
          work, 0, k == SIZES.length - 1 ? work.length : Math.min(records[k].length, 1024));
    }
    sha256.digest();
    return calls;
  }

  private static void decrypt(
      Cipher cipher,
      SecretKeySpec key,
      GCMParameterSpec nonce,
      byte[] aad,
      byte[] record,
      byte[] work)
      throws GeneralSecurityException {
    System.arraycopy(record, 0, work, 0, record.length);
    cipher.init(Cipher.DECRYPT_MODE, key, nonce);
    cipher.updateAAD(aad);
    ByteBuffer in = ByteBuffer.wrap(work, 0, record.length);
    cipher.doFinal(in.duplicate(), in);
  }
}
