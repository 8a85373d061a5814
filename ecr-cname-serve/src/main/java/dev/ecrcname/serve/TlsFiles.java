package dev.ecrcname.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import okhttp3.tls.HeldCertificate;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS listener's key store from PEM files (okhttp-tls reads the PKCS#8 key), and the client CA
 * for mutual TLS.
 */
final class TlsFiles {
  private static final char[] PASSWORD = new char[0];

  private TlsFiles() {}

  static SslContextFactory.Server contextFactory(Settings settings) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(
        keyStore(
            Objects.requireNonNull(settings.tlsCert()), Objects.requireNonNull(settings.tlsKey())));
    ssl.setKeyStorePassword("");
    ssl.setSniRequired(false);
    Path ca = settings.clientCa();
    if (ca != null) {
      ssl.setTrustStore(trustStore(ca));
      ssl.setNeedClientAuth(true);
    }
    return ssl;
  }

  private static KeyStore keyStore(Path certFile, Path keyFile) {
    try {
      String pem =
          Files.readString(keyFile, StandardCharsets.US_ASCII)
              + "\n"
              + Files.readString(certFile, StandardCharsets.US_ASCII);
      HeldCertificate held = HeldCertificate.decode(firstCertificateAndKey(pem));
      Collection<? extends Certificate> chain = certificates(certFile);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, PASSWORD);
      store.setKeyEntry(
          "mirror", held.keyPair().getPrivate(), PASSWORD, chain.toArray(new Certificate[0]));
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the TLS certificate or key: " + e.getMessage(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the TLS certificate or key is not usable PEM (the key must be PKCS#8, BEGIN PRIVATE KEY): "
              + e.getMessage(),
          e);
    }
  }

  /** The key and only the first certificate, as HeldCertificate.decode wants them. */
  private static String firstCertificateAndKey(String pem) {
    int keyStart = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int keyEnd = pem.indexOf("-----END PRIVATE KEY-----");
    int certStart = pem.indexOf("-----BEGIN CERTIFICATE-----");
    int certEnd = pem.indexOf("-----END CERTIFICATE-----");
    if (keyStart < 0 || keyEnd < 0 || certStart < 0 || certEnd < 0) {
      throw new IllegalArgumentException(
          "expected a BEGIN PRIVATE KEY and a BEGIN CERTIFICATE block");
    }
    return pem.substring(certStart, certEnd + 25)
        + "\n"
        + pem.substring(keyStart, keyEnd + 25)
        + "\n";
  }

  private static Collection<? extends Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }

  private static KeyStore trustStore(Path caFile) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, PASSWORD);
      int n = 0;
      for (Certificate c : certificates(caFile)) {
        store.setCertificateEntry("client-ca-" + n++, c);
      }
      if (n == 0) {
        throw new IllegalArgumentException("no certificate in the client CA file " + caFile);
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the client CA file " + caFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the client CA file " + caFile + " is not PEM", e);
    }
  }
}
