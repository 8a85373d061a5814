package dev.ecrcname.cli;

import dev.ecrcname.core.CredentialsProvider;
import dev.ecrcname.core.RegistryClient;
import dev.ecrcname.core.RegistryClientBuilder;
import dev.ecrcname.core.RegistryHost;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A {@link RegistryClientBuilder} for a {@link RegistryConnection}; the command adds its own. */
final class ClientFactory {
  private ClientFactory() {}

  static RegistryClientBuilder builder(
      RegistryConnection connection, CredentialsProvider credentials, CommandSpec spec) {
    URI endpoint = connection.endpoint();
    if (endpoint == null) {
      throw new ParameterException(
          spec.commandLine(),
          "no endpoint: pass --endpoint URL (your CNAME, e.g. https://docker-ecr.internal.example)"
              + " or set ECR_CNAME_ENDPOINT");
    }
    RegistryClientBuilder b = RegistryClient.builder().endpoint(endpoint).credentials(credentials);
    RegistryHost registry = connection.registry();
    if (registry != null) {
      b.registryHost(registry);
    }
    if (connection.insecurePlainHttp()) {
      b.allowInsecureHttp();
    }
    Path caFile = connection.caFile();
    if (caFile != null) {
      try {
        b.trustedCertificates(caFile);
      } catch (IllegalArgumentException e) {
        throw new OptionFailure(String.valueOf(e.getMessage()), Connections.CA_FILE_HINT, e);
      }
    }
    Path cacheDir = connection.cacheDir();
    if (cacheDir != null) {
      b.cacheDirectory(cacheDir);
    }
    if (!connection.resolve().isEmpty()) {
      b.resolver(StaticResolver.parse(connection.resolve(), spec));
    }
    ProxyEnvironment proxies = connection.proxies();
    if (proxies.isSet()) {
      b.proxy(proxies.selector());
      proxies.credentials().ifPresent(b::proxyCredentials);
    }
    return b;
  }
}
