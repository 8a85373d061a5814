package dev.ecrcname.core.testing;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.Platform;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryClientBuilder;
import dev.ecrcname.testing.FakeRegistry;
import dev.ecrcname.testing.StandIn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The clients every module's tests build, in one place. The fixtures module cannot name core's
 * types (core's own tests depend on it), so this lives in core's tests and reaches archive's and
 * serve's tests through core's test-jar, which holds only this package. Its own package, not {@code
 * dev.ecrcname.core}: the other modules' tests compile against core's named module, which would
 * hide a class of its exported package found on the class path.
 */
public final class TestClients {
  private TestClients() {}

  /**
   * A client that dials {@code registry} as {@link FakeRegistry#CNAME} for {@link
   * FakeRegistry#REGISTRY}, with fast retries and a fixed platform, as every scripted test wants
   * it.
   */
  public static RegistryClientBuilder fake(FakeRegistry registry, Path cache) {
    return RegistryClient.builder()
        .endpoint(URI.create("http://" + FakeRegistry.CNAME + ":" + registry.server().getPort()))
        .allowInsecureHttp()
        .registryHost(FakeRegistry.REGISTRY)
        .credentials(CredentialsProvider.basic("AWS", "s3cret"))
        .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
        .cacheDirectory(cache)
        .transport(t -> t.withInitialBackoff(Duration.ofMillis(1)))
        .platform(Platform.of("linux", "amd64"));
  }

  /**
   * {@link #fake} over TLS: {@code registry} answers https with a certificate for ECR's names from
   * a test CA, which the client trusts (its PEM is written to {@code dir}).
   */
  public static RegistryClientBuilder fakeHttps(FakeRegistry registry, Path dir)
      throws IOException {
    Path caFile = https(registry.server(), "*.dkr.ecr.us-east-1.amazonaws.com", dir);
    return fake(registry, dir)
        .endpoint(URI.create("https://" + FakeRegistry.CNAME + ":" + registry.server().getPort()))
        .trustedCertificates(caFile);
  }

  /**
   * Serves {@code server} over TLS with a certificate for {@code name} from a new test CA; returns
   * that CA's PEM, written to a new file in {@code dir}, for the client to trust.
   */
  public static Path https(MockWebServer server, String name, Path dir) throws IOException {
    return https(server, new HeldCertificate.Builder().addSubjectAlternativeName(name), dir);
  }

  /**
   * {@link #https(MockWebServer, String, Path)} with a certificate of {@code certificate}'s making.
   */
  public static Path https(MockWebServer server, HeldCertificate.Builder certificate, Path dir)
      throws IOException {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate signed = certificate.signedBy(ca).build();
    server.useHttps(
        new HandshakeCertificates.Builder().heldCertificate(signed).build().sslSocketFactory());
    return Files.writeString(Files.createTempFile(dir, "ca", ".pem"), ca.certificatePem());
  }

  /**
   * A client for the stand-in through its CNAME, with its static credentials and CA; tests add the
   * rest.
   */
  public static RegistryClientBuilder standIn(StandIn standIn) {
    return RegistryClient.builder()
        .endpoint(standIn.endpoint())
        .registryHost(standIn.registryHost())
        .credentials(CredentialsProvider.basic(standIn.username(), standIn.password()))
        .trustedCertificates(standIn.caFile())
        .resolver(standIn::resolve);
  }
}
