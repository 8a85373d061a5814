package dev.ecrcname.cli;

import dev.ecrcname.cli.RegistryConnection.AwsOptions;
import dev.ecrcname.cli.RegistryConnection.CredentialSource;
import dev.ecrcname.core.RegistryHost;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Resolves {@link RegistryConnection}s from the options, once per command: each option is parsed
 * and checked here, so that a typo names the option to fix before anything is dialled.
 */
final class Connections {
  static final String CA_FILE_HINT =
      "pass a PEM file of CA certificates with --ca-file (or ECR_CNAME_CA_FILE), e.g. the private CA that signed the"
          + " registry's certificate";

  private Connections() {}

  /**
   * The connection the options name. {@code referenceHost}, the host an image reference names,
   * stands in for a missing {@code --registry} when it is an ECR host (as docker writes {@code
   * 1234….amazonaws.com/app:1}); any other host is left for the client to accept (its registry or
   * endpoint host) or refuse.
   */
  static RegistryConnection of(
      ConnectionOptions o,
      CommandSpec spec,
      Map<String, String> env,
      @Nullable RegistryHost referenceHost,
      boolean dockerConfig) {
    if (o.username != null && !o.passwordStdin) {
      throw new ParameterException(
          spec.commandLine(),
          "--username needs --password-stdin (the password is never taken on the command line)");
    }
    RegistryHost registry = registryHost(o.registry, "--registry", spec);
    if (registry == null && referenceHost != null && referenceHost.isEcr()) {
      registry = referenceHost;
    }
    AwsOptions aws =
        new AwsOptions(
            o.region,
            o.profile,
            o.roleArn,
            o.roleSessionName,
            o.externalId,
            o.ecrEndpointUrl,
            o.stsEndpointUrl);
    return new RegistryConnection(
        endpoint(o.endpoint, "--endpoint", spec),
        registry,
        readable(o.caFile),
        o.cacheDir,
        o.insecurePlainHttp,
        o.resolve,
        new CredentialSource(
            o.username == null ? "AWS" : o.username, o.passwordStdin, aws, dockerConfig),
        proxies(env));
  }

  /**
   * {@code copy}'s target: its own {@code --to-*} options over the source's connection, by these
   * rules (also in {@code copy --help} and the README). The endpoint is {@code --to-endpoint}, else
   * the source's. On the source's endpoint, the registry host is {@code --to-registry}, else the
   * source's, and the source's credentials serve both. On another endpoint, the registry host is
   * {@code --to-registry}, else the target's own token's, else its endpoint's host, and the
   * credentials are the target's own (docker's config entry for it, else an AWS token): never the
   * source's host, static password or config entry. What carries over is what names no registry and
   * proves no identity to one: trust ({@code --ca-file} unless {@code --to-ca-file}), the cache,
   * {@code --resolve}, {@code --insecure-plain-http}, and the AWS identity options (region,
   * profile, role, session name, external ID, unless the {@code --to-*} ones are given), with which
   * the target fetches a token of its own.
   */
  static RegistryConnection target(TargetOptions to, RegistryConnection source, CommandSpec spec) {
    URI endpoint = endpoint(to.endpoint, "--to-endpoint", spec);
    boolean sameEndpoint = endpoint == null || endpoint.equals(source.endpoint());
    RegistryHost registry = registryHost(to.registry, "--to-registry", spec);
    if (registry == null && sameEndpoint) {
      registry = source.registry();
    }
    AwsOptions from = source.credentials().aws();
    AwsOptions aws =
        new AwsOptions(
            either(to.region, from.region()),
            either(to.profile, from.profile()),
            either(to.roleArn, from.roleArn()),
            from.roleSessionName(),
            from.externalId(),
            // ECR and STS endpoint URLs belong to a region: kept with the source's region only.
            to.region == null ? from.ecrEndpoint() : null,
            to.region == null ? from.stsEndpoint() : null);
    CredentialSource credentials =
        new CredentialSource(
            source.credentials().username(),
            sameEndpoint && source.credentials().passwordStdin(),
            aws,
            source.credentials().dockerConfig());
    return new RegistryConnection(
        sameEndpoint ? source.endpoint() : endpoint,
        registry,
        to.caFile != null ? readable(to.caFile) : source.caFile(),
        source.cacheDir(),
        source.insecurePlainHttp(),
        source.resolve(),
        credentials,
        source.proxies());
  }

  /**
   * The proxies of the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), logged under -v with
   * passwords redacted.
   */
  private static ProxyEnvironment proxies(Map<String, String> env) {
    ProxyEnvironment proxies = ProxyEnvironment.from(env);
    if (proxies.isSet()) {
      LoggerFactory.getLogger(Connections.class).debug("{}", proxies);
      if (proxies.credentials().isPresent()
          && System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
        // The JDK's HttpURLConnection (the AWS calls) refuses Basic to a CONNECT proxy by default;
        // the user put the credentials in the proxy URL to have them used.
        System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
      }
    }
    return proxies;
  }

  private static <T> @Nullable T either(@Nullable T target, @Nullable T source) {
    return target != null ? target : source;
  }

  /** The endpoint URL; users write the CNAME as they write a docker registry, without a scheme. */
  private static @Nullable URI endpoint(@Nullable String value, String option, CommandSpec spec) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.strip();
    String url = text.contains("://") ? text : "https://" + text;
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      RegistryHost.of(uri); // a host we can address, or the message below
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "invalid "
              + option
              + " '"
              + text
              + "': give a URL such as https://docker-ecr.internal.example");
    }
  }

  /**
   * The registry host, also accepted as a URL ({@code --ecr-url https://…}), as the script took it.
   */
  private static @Nullable RegistryHost registryHost(
      @Nullable String value, String option, CommandSpec spec) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return RegistryHost.parseUrlOrHost(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "invalid "
              + option
              + " '"
              + value
              + "': give the ECR host, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com");
    }
  }

  /**
   * Checked here, so that a typo in --ca-file says which option to fix instead of failing inside
   * the TLS setup. What is in the file core checks when it loads it, and names the option then.
   */
  private static @Nullable Path readable(@Nullable Path file) {
    if (file == null) {
      return null;
    }
    String problem;
    try {
      problem =
          Files.isDirectory(file)
              ? "it is a directory"
              : !Files.exists(file)
                  ? "no such file"
                  : !Files.isReadable(file)
                      ? "permission denied"
                      : Files.size(file) == 0 ? "it is empty" : null;
    } catch (IOException e) {
      problem = e.toString();
    }
    if (problem != null) {
      throw new OptionFailure("cannot read CA file " + file + ": " + problem, CA_FILE_HINT, null);
    }
    return Objects.requireNonNull(file);
  }
}
