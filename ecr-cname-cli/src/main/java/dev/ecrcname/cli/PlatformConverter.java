package dev.ecrcname.cli;

import dev.ecrcname.core.Platform;
import picocli.CommandLine.ITypeConverter;

/** {@code --platform OS/ARCH[/VARIANT]}; a bad value is a usage error with core's message. */
final class PlatformConverter implements ITypeConverter<Platform> {
  @Override
  public Platform convert(String value) {
    return Platform.parse(value);
  }
}
