package dev.ecrcname.cli;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryHost;
import dev.ecrcname.serve.BlobMode;
import dev.ecrcname.serve.MirrorServer;
import dev.ecrcname.serve.MirrorServerBuilder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code serve}: a node-local registry mirror, so container engines pull through the CNAME. */
@Command(
    name = "serve",
    sortOptions = false,
    description = {
      "Run a node-local, read-only registry mirror, so that docker, containerd (Kubernetes),"
          + " podman and skopeo pull images of the CNAME through it, with TLS verified and the"
          + " ECR token refreshed. It listens on 127.0.0.1 by default and never challenges a"
          + " loopback client for credentials. Each request is logged on stderr (method, path,"
          + " status, bytes, ms; -q: errors only). Stop it with SIGTERM (exit 0) or Ctrl-C (exit"
          + " 130): it takes no new connection and drains requests in flight for --drain-timeout.",
      "Configurations for each engine: docs/mirror.md."
    })
final class ServeCommand extends RegistryCommand {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:5000",
      description =
          "Where to listen (default ${DEFAULT-VALUE}; port 0 picks a free one). Any address other"
              + " than loopback needs --tls-cert/--tls-key and --client-ca or --auth-token-file.")
  String listen;

  @Option(
      names = "--blobs",
      paramLabel = "stream|cache|redirect",
      defaultValue = "stream",
      converter = ModeConverter.class,
      description =
          "How blobs are served. stream (default): fetched from S3 with TLS verified and passed"
              + " on, the digest checked as they flow. cache: from the verified layer cache"
              + " (--cache-dir), filled on a miss. redirect: a 307 to the presigned S3 URL; safe"
              + " only for clients that verify S3's certificate (containerd with an http:// host"
              + " and no skip_verify), never for docker on 127.0.0.1 or podman with insecure.")
  BlobMode blobs;

  @Option(
      names = "--name",
      paramLabel = "HOST",
      description =
          "Another registry name to serve, as images name it (repeatable). Always served: the"
              + " --endpoint host and the registry host. A request whose ns names another gets 404.")
  List<String> names = new ArrayList<>();

  @Option(
      names = "--allow-host",
      paramLabel = "HOST",
      description =
          "Another name clients may use in the Host header (repeatable; a DNS-rebinding guard)."
              + " Always allowed: the --listen address, localhost, 127.0.0.1 and ::1.")
  List<String> allowHosts = new ArrayList<>();

  @Option(
      names = "--tag-ttl",
      paramLabel = "DURATION",
      converter = CacheCommand.AgeConverter.class,
      description =
          "Reuse a tag's manifest for this long, e.g. 30s or 5m. Default: resolve every tag"
              + " upstream. Manifests by digest are always kept in memory.")
  @Nullable Duration tagTtl;

  @Option(
      names = "--manifest-cache",
      paramLabel = "SIZE",
      converter = CacheCommand.SizeConverter.class,
      description = "Memory for manifests by digest, e.g. 64MiB (the default).")
  @Nullable Long manifestCache;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Serve TLS with this certificate chain (with --tls-key).")
  @Nullable Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "The certificate's private key, PKCS#8 PEM (BEGIN PRIVATE KEY).")
  @Nullable Path tlsKey;

  @Option(
      names = "--client-ca",
      paramLabel = "PEM",
      description = "Require client certificates signed by these CAs (mutual TLS).")
  @Nullable Path clientCa;

  @Option(
      names = "--auth-token-file",
      paramLabel = "FILE",
      description =
          "Require this file's first line as the client's token: 'Authorization: Bearer TOKEN'"
              + " (containerd: a [host.\"…\".header] table) or Basic with the token as password."
              + " Compared in constant time; keep the file mode 0600.")
  @Nullable Path authTokenFile;

  @Option(
      names = "--max-upstream",
      paramLabel = "N",
      defaultValue = "32",
      description = "Upstream requests at once (default ${DEFAULT-VALUE}); more wait, then 429.")
  int maxUpstream;

  @Option(
      names = "--max-blob-streams",
      paramLabel = "N",
      defaultValue = "16",
      description = "Blob downloads at once (default ${DEFAULT-VALUE}); more wait, then 429.")
  int maxBlobStreams;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = CacheCommand.AgeConverter.class,
      description = "How long SIGTERM waits for requests in flight (default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  private static final String ACCESS_LOG = "org.slf4j.simpleLogger.log.dev.ecrcname.serve.access";

  ServeCommand(Io io) {
    super(io);
  }

  @Override
  int run() throws InterruptedException {
    if (!quiet() && System.getProperty(ACCESS_LOG) == null) {
      // One line per request on stderr (slf4j-simple reads a logger's level when it is created,
      // which is after this); --quiet keeps only errors.
      System.setProperty(ACCESS_LOG, "info");
    }
    TokenCounter counter = new TokenCounter();
    RegistryConnection resolved = Connections.of(connection, spec, io.env(), null, true);
    CredentialsProvider credentials =
        counter.wrap(new CredentialsResolver(spec, io.in(), io.env()).credentials(resolved));
    try (Session session = open(resolved, credentials, builder -> {});
        MirrorServer mirror = mirror(session.client(), resolved, credentials, counter)) {
      stopOnSigterm(mirror);
      Runtime.getRuntime().addShutdownHook(new Thread(mirror::close, "ecr-cname-serve-drain"));
      io.err()
          .println(
              "ecr-cname: serving "
                  + mirror.uri()
                  + " for "
                  + String.join(", ", served(session.client(), resolved))
                  + " (blobs: "
                  + blobs.name().toLowerCase(Locale.ROOT)
                  + ")");
      io.err().flush();
      mirror.awaitStop();
    }
    return 0;
  }

  private MirrorServer mirror(
      RegistryClient client,
      RegistryConnection resolved,
      CredentialsProvider credentials,
      TokenCounter counter) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0) {
      throw new ParameterException(
          spec.commandLine(), "--listen takes HOST:PORT, e.g. 127.0.0.1:5000; got " + listen);
    }
    MirrorServerBuilder b =
        MirrorServer.builder()
            .client(client)
            .listen(listen.substring(0, colon).replace("[", "").replace("]", ""))
            .port(port(listen.substring(colon + 1)))
            .blobs(blobs)
            .maxUpstream(maxUpstream)
            .maxBlobStreams(maxBlobStreams)
            .drainTimeout(drainTimeout)
            .readiness(() -> hasToken(credentials));
    served(client, resolved).forEach(b::name);
    allowHosts.forEach(b::allowHost);
    if (tagTtl != null) {
      b.tagTtl(tagTtl);
    }
    if (manifestCache != null) {
      b.manifestCacheBytes(manifestCache);
    }
    if (tlsCert != null || tlsKey != null) {
      if (tlsCert == null || tlsKey == null) {
        throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
      }
      b.tls(tlsCert, tlsKey);
    }
    if (clientCa != null) {
      b.clientCa(clientCa);
    }
    if (authTokenFile != null) {
      b.authTokenFile(authTokenFile);
    }
    try {
      MirrorServer mirror = b.start();
      counter.onRefresh(mirror::tokenRefreshed);
      return mirror;
    } catch (IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private List<String> served(RegistryClient client, RegistryConnection resolved) {
    List<String> all = new ArrayList<>(names);
    RegistryHost endpoint = resolved.endpointHost();
    if (endpoint != null) {
      all.add(endpoint.name());
    }
    all.add(client.registryHost().name());
    return all.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
  }

  private int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(), "--listen takes HOST:PORT, e.g. 127.0.0.1:5000; got " + listen);
    }
  }

  /**
   * SIGTERM, how systemd and kubelet stop a service, drains the mirror and then ends {@link #run}
   * normally: exit 0. Left to the JVM, SIGTERM would start the shutdown (the hook above would still
   * drain) and end with status 143 after an "interrupted" error line, which systemd records as a
   * failed stop. Ctrl-C keeps the JVM's way: drained by the hook, exit 130. {@code sun.misc.Signal}
   * (jdk.unsupported, in every JDK) is the only handler Java has; it is reached by reflection
   * because javac's warning about it cannot be suppressed, and the build treats warnings as errors.
   */
  private static void stopOnSigterm(MirrorServer mirror) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler onSignal =
          (proxy, method, args) ->
              switch (method.getName()) {
                case "handle" -> {
                  // The drain can take --drain-timeout; the JVM's one signal thread must stay free
                  // for a Ctrl-C meanwhile.
                  Thread stop = new Thread(mirror::close, "ecr-cname-serve-stop");
                  stop.start();
                  yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> args != null && proxy == args[0];
                default -> "drain the mirror on SIGTERM";
              };
      Object onTerm =
          Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, onSignal);
      signal
          .getMethod("handle", signal, handler)
          .invoke(null, signal.getConstructor(String.class).newInstance("TERM"), onTerm);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // No sun.misc.Signal, or the JVM keeps SIGTERM for itself (-Xrs): the hook still drains.
    }
  }

  /** Whether a registry token can be had (the provider caches it, so this is cheap). */
  private static boolean hasToken(CredentialsProvider credentials) {
    try {
      credentials.credentials();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** stream, cache or redirect, in any case. */
  static final class ModeConverter implements ITypeConverter<BlobMode> {
    @Override
    public BlobMode convert(String value) {
      try {
        return BlobMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid --blobs '" + value + "': give stream, cache or redirect", e);
      }
    }
  }
}
