package dev.ecrcname.core;

import dev.ecrcname.core.http.HostRewriteInterceptor;
import dev.ecrcname.core.http.RegistryEndpoint;
import dev.ecrcname.core.http.RegistryHostnameVerifier;
import dev.ecrcname.core.http.RegistrySniSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the CNAME mechanics into one OkHttp client per {@link RegistryClient}. */
final class HttpClients {
  private static final Logger LOG = LoggerFactory.getLogger(HttpClients.class);

  private HttpClients() {}

  static HttpUrl endpointUrl(URI endpoint) {
    HttpUrl url = HttpUrl.get(endpoint.toString());
    if (!url.isHttps()) {
      LOG.warn("endpoint {} is plain http: credentials and images travel unencrypted", url);
    }
    if (!url.encodedPath().equals("/") || url.query() != null) {
      throw new IllegalArgumentException(
          "endpoint must be a scheme and host (and port) only, e.g. https://docker-ecr.internal.example; got "
              + endpoint);
    }
    return url;
  }

  static OkHttpClient create(
      RegistryEndpoint endpoint,
      HostResolver resolver,
      List<Path> trustedCertificates,
      Duration connectTimeout,
      Duration readTimeout) {
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .dns(resolver::resolve)
            // Redirects are followed by RedirectPolicy, which knows S3 must not see our credentials.
            .followRedirects(false)
            .followSslRedirects(false)
            .hostnameVerifier(new RegistryHostnameVerifier(endpoint.cname().host(), endpoint.registryHost()))
            .addNetworkInterceptor(new HostRewriteInterceptor(endpoint))
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout);
    HandshakeCertificates trust = trust(trustedCertificates);
    http.sslSocketFactory(
        new RegistrySniSocketFactory(
            trust.sslSocketFactory(), endpoint.cname().host(), endpoint.registryHost()),
        trust.trustManager());
    return http.build();
  }

  /** The system's trusted CAs plus the caller's. */
  private static HandshakeCertificates trust(List<Path> pemFiles) {
    HandshakeCertificates.Builder trust = new HandshakeCertificates.Builder().addPlatformTrustedCertificates();
    for (Path pem : pemFiles) {
      try (InputStream in = Files.newInputStream(pem)) {
        var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        if (certificates.isEmpty()) {
          throw new EcrCnameException("no PEM certificate found in CA file " + pem);
        }
        for (Certificate c : certificates) {
          trust.addTrustedCertificate((X509Certificate) c);
        }
      } catch (IOException e) {
        throw new EcrCnameException("cannot read CA file " + pem + ": " + e, e);
      } catch (GeneralSecurityException e) {
        throw new EcrCnameException("CA file " + pem + " holds no valid PEM certificate: " + e.getMessage(), e);
      }
    }
    return trust.build();
  }
}
