package dev.ecrcname.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ecrcname.core.ImageReference;
import dev.ecrcname.core.Platform;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inspect REFERENCE}: the manifest (or index) or, with --config, the image config. */
@Command(
    name = "inspect",
    sortOptions = false,
    description =
        "Print an image's manifest JSON, or an index's platforms as a table (--raw: its JSON);"
            + " --config prints the config.")
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
    byte[] bytes =
        withClient(
            ref,
            client ->
                config
                    ? client.config(ref, platform != null ? platform : Platform.current())
                    : client.manifest(ref).bytes());
    if (raw) {
      // The bytes the registry served, which hash to the digest: data, so around the safe writer.
      io.data().write(bytes, 0, bytes.length);
      io.data().flush();
    } else if (!config && isIndex(bytes)) {
      io.out().print(platformTable(bytes));
    } else {
      io.out().println(pretty(bytes));
    }
    io.out().flush();
    return 0;
  }

  private static boolean isIndex(byte[] json) {
    try {
      JsonElement root = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
      return root.isJsonObject() && root.getAsJsonObject().get("manifests") instanceof JsonArray;
    } catch (JsonParseException e) {
      return false;
    }
  }

  /**
   * An index as people read it: one line per image, platform first ({@code --raw} gives the JSON).
   */
  static String platformTable(byte[] index) {
    JsonArray manifests =
        JsonParser.parseString(new String(index, StandardCharsets.UTF_8))
            .getAsJsonObject()
            .getAsJsonArray("manifests");
    StringBuilder table = new StringBuilder();
    String format = "%-20s %-71s %10s  %s%n";
    table.append(String.format(Locale.ROOT, format, "PLATFORM", "DIGEST", "SIZE", "MEDIA TYPE"));
    for (JsonElement element : manifests) {
      JsonObject m = element.getAsJsonObject();
      table.append(
          String.format(
              Locale.ROOT,
              format,
              platform(m.get("platform")),
              text(m.get("digest")),
              m.has("size") ? Units.bytes(m.get("size").getAsLong()) : "",
              text(m.get("mediaType"))));
    }
    return table.toString();
  }

  /** {@code os/arch[/variant]}, or {@code -} for an entry without one (e.g. an attestation). */
  private static String platform(@Nullable JsonElement platform) {
    if (platform == null || !platform.isJsonObject()) {
      return "-";
    }
    JsonObject p = platform.getAsJsonObject();
    String variant = text(p.get("variant"));
    return text(p.get("os"))
        + "/"
        + text(p.get("architecture"))
        + (variant.isEmpty() ? "" : "/" + variant);
  }

  private static String text(@Nullable JsonElement e) {
    return e == null || !e.isJsonPrimitive() ? "" : e.getAsString();
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
