package dev.ecrcname.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.Platform;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inspect REFERENCE}: the manifest (or index) or, with --config, the image config. */
@Command(
    name = "inspect",
    sortOptions = false,
    description = "Print an image's manifest (or index) JSON; --config prints its config.")
final class InspectCommand extends RegistryCommand {

  @Parameters(
      index = "0",
      paramLabel = "REPOSITORY[:TAG|@sha256:DIGEST]",
      description = "The image, e.g. app/small:1.0.")
  String image;

  @Option(names = "--config", description = "Print the image config instead of the manifest.")
  boolean config;

  @Option(
      names = "--raw",
      description =
          "Print the exact bytes the registry served (they hash to the digest), not pretty JSON.")
  boolean raw;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      converter = PlatformConverter.class,
      description = "With --config: the platform to take from a multi-platform image.")
  @Nullable Platform platform;

  InspectCommand(Io io) {
    super(io);
  }

  @Override
  int run() {
    ImageReference ref = reference(image);
    byte[] bytes;
    try (Session session = open(b -> {})) {
      bytes =
          config
              ? session.client().config(ref, platform != null ? platform : Platform.current())
              : session.client().manifest(ref).bytes();
    }
    if (raw) {
      io.out().write(bytes, 0, bytes.length);
    } else {
      io.out().println(Terminal.safeLines(pretty(bytes)));
    }
    io.out().flush();
    return 0;
  }

  /**
   * Indented JSON; Gson keeps numbers as written and, with HTML escaping off, the text as served.
   */
  static String pretty(byte[] json) {
    return new GsonBuilder()
        .setPrettyPrinting()
        .disableHtmlEscaping()
        .create()
        .toJson(JsonParser.parseString(new String(json, StandardCharsets.UTF_8)));
  }
}
