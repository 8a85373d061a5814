package dev.ecrcname.auth;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * The AWS SDK objects one provider uses: the region, the base credentials, the assumed role (if
 * any) and the ECR client, all over one {@link UrlConnectionHttpClient}. The JDK's
 * HttpURLConnection is enough for one small call every few hours, and keeps Apache HttpClient and
 * Netty out of the class path. Closes what it created, and only that.
 */
final class AwsClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

  final Region region;
  final AwsCredentialsProvider base;
  final @Nullable StsAssumeRoleCredentialsProvider role;
  final EcrClient ecr;

  /** Where GetAuthorizationToken goes, for messages. */
  final String ecrEndpoint;

  /** Where the base credentials come from, for messages. */
  final String credentialSource;

  private final Deque<AutoCloseable> owned = new ArrayDeque<>();

  AwsClients(EcrCredentialsProvider.Builder settings) {
    region = resolveRegion(settings);
    List<X509Certificate> extra = List.copyOf(settings.trustedCertificates);
    SdkHttpClient http;
    if (settings.proxy == null) {
      UrlConnectionHttpClient.Builder httpBuilder = UrlConnectionHttpClient.builder();
      if (!extra.isEmpty()) {
        httpBuilder.tlsTrustManagersProvider(() -> ExtraTrust.of(extra));
      }
      http = httpBuilder.build();
    } else {
      http =
          UrlConnectionHttpClient.create(
              new ProxiedConnections(settings.proxy, settings.proxyCredentials, extra));
    }
    owned.push(http);
    try {
      base = baseCredentials(settings);
      credentialSource =
          settings.credentialsProvider != null
              ? "the given credentials provider"
              : settings.profile != null
                  ? "profile '" + settings.profile + "'"
                  : "the default credentials chain";
      role = settings.roleArn == null ? null : assumeRole(settings, http);
      ecr =
          own(
              configure(EcrClient.builder(), settings, settings.ecrEndpoint, http)
                  .credentialsProvider(signing())
                  .build());
      ecrEndpoint =
          settings.ecrEndpoint != null
              ? settings.ecrEndpoint.toString()
              : "the ECR API in " + region.id();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The credentials the ECR call is signed with. */
  private AwsCredentialsProvider signing() {
    return role != null ? role : base;
  }

  private static Region resolveRegion(EcrCredentialsProvider.Builder settings) {
    if (settings.region != null) {
      return Region.of(settings.region);
    }
    AwsRegionProvider chain = settings.regionProvider;
    if (chain == null) {
      DefaultAwsRegionProviderChain.Builder builder = DefaultAwsRegionProviderChain.builder();
      if (settings.profile != null) {
        builder.profileName(settings.profile);
      }
      chain = builder.build();
    }
    try {
      return chain.getRegion();
    } catch (SdkClientException e) {
      throw AwsErrors.noRegion(e, settings.profile);
    }
  }

  private AwsCredentialsProvider baseCredentials(EcrCredentialsProvider.Builder settings) {
    if (settings.credentialsProvider != null) {
      return settings.credentialsProvider; // the caller's; the caller closes it
    }
    if (settings.profile != null) {
      return own(ProfileCredentialsProvider.builder().profileName(settings.profile).build());
    }
    return own(DefaultCredentialsProvider.builder().build());
  }

  private StsAssumeRoleCredentialsProvider assumeRole(
      EcrCredentialsProvider.Builder settings, SdkHttpClient http) {
    StsClient sts =
        own(
            configure(StsClient.builder(), settings, settings.stsEndpoint, http)
                .credentialsProvider(base)
                .build());
    AssumeRoleRequest request =
        AssumeRoleRequest.builder()
            .roleArn(settings.roleArn)
            .roleSessionName(settings.roleSessionName)
            .externalId(settings.externalId)
            .build();
    // The provider refreshes the role session itself, shortly before it expires.
    return own(
        StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(request).build());
  }

  /**
   * What the ECR and STS clients share: region, HTTP client, and the retry strategy when a test
   * sets one.
   */
  private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
      B builder,
      EcrCredentialsProvider.Builder settings,
      @Nullable URI endpoint,
      SdkHttpClient http) {
    builder.region(region).httpClient(http);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    if (settings.retryStrategy != null) {
      builder.overrideConfiguration(o -> o.retryStrategy(settings.retryStrategy));
    }
    return builder;
  }

  private <T extends AutoCloseable> T own(T closeable) {
    owned.push(closeable);
    return closeable;
  }

  /**
   * Closes in reverse order of creation: clients before the credentials they use, the HTTP client
   * last.
   */
  @Override
  public void close() {
    while (!owned.isEmpty()) {
      AutoCloseable next = owned.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.debug("Closing {} failed", next.getClass().getSimpleName(), e);
      }
    }
  }
}
