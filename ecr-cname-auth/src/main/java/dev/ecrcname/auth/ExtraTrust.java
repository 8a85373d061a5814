package dev.ecrcname.auth;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The system's trusted CAs plus the caller's, for the AWS calls: the same {@code --ca-file} that
 * lets the CNAME's private CA in lets a TLS-inspecting proxy's CA in for ECR and STS (issue 12,
 * defect 13).
 */
final class ExtraTrust implements X509TrustManager {
  private final X509TrustManager system;
  private final X509TrustManager extra;

  private ExtraTrust(X509TrustManager system, X509TrustManager extra) {
    this.system = system;
    this.extra = extra;
  }

  /** Trust managers for the SDK's HTTP client: the system's CAs and {@code certificates}. */
  static TrustManager[] of(List<X509Certificate> certificates) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("extra-" + i, certificates.get(i));
      }
      return new TrustManager[] {new ExtraTrust(trustManager(null), trustManager(store))};
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up the trusted CA certificates: " + e, e);
    }
  }

  private static X509TrustManager trustManager(@Nullable KeyStore store)
      throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager m : factory.getTrustManagers()) {
      if (m instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    system.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      system.checkServerTrusted(chain, authType);
    } catch (CertificateException notBySystem) {
      extra.checkServerTrusted(chain, authType);
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    X509Certificate[] a = system.getAcceptedIssuers();
    X509Certificate[] b = extra.getAcceptedIssuers();
    X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
