package dev.ecrcname.cli;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options the command line leaves out come from the environment ({@link
 * ConnectionOptions#ENVIRONMENT}). picocli asks only about options none of whose names was given,
 * so an alias such as {@code --url} beats ECR_CNAME_ENDPOINT as {@code --endpoint} does. The
 * environment is passed in, so tests run with one of their own.
 */
record EnvironmentDefaults(Map<String, String> env) implements IDefaultValueProvider {

  @Override
  public @Nullable String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String variable = ConnectionOptions.ENVIRONMENT.get(option.names()[0]);
    String value = variable == null ? null : env.get(variable);
    // An exported but empty variable means "not set": "" would be a cache directory of "." or an
    // endpoint of "".
    return value == null || value.isBlank() ? null : value;
  }
}
