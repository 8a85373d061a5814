package dev.ecrcname.core.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CA certificates of a PEM file, for the registry's client and for the AWS calls alike
 * (exported to the auth module only).
 */
public final class PemCertificates {
  private PemCertificates() {}

  /**
   * The CA certificates in a PEM file, read when the caller names the file, so that a wrong file is
   * reported there.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static List<X509Certificate> read(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) c);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate found in CA file " + pem);
      }
      return certificates;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CA file " + pem + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "CA file " + pem + " holds no valid PEM certificate: " + e.getMessage(), e);
    }
  }
}
