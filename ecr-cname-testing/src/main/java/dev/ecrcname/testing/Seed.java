package dev.ecrcname.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code scripts/standin} seeded into the registry, as its {@code seed.json} describes it, so
 * tests read expectations instead of hard-coding them.
 *
 * <p>Repositories: {@code app/small} (Docker v2s2), {@code app/small-oci} (OCI), {@code app/multi}
 * (an OCI index of linux/amd64 and linux/arm64/v8) and {@code app/many-tags} (more than 100 tags).
 * All images share four layers: a base with busybox, a symlink and a hard link; a middle one with a
 * whiteout and a path over 100 characters; an empty one; and a top one with {@code
 * /etc/ecr-cname/top.txt}.
 *
 * @param json the parsed {@code seed.json}
 */
public record Seed(JsonObject json) {

  /** The file the top layer of every seeded image adds; {@link #files()} has its content. */
  public static final String TOP_FILE = "/etc/ecr-cname/top.txt";

  /** Reads {@code seed.json} from the running stand-in's directory. */
  public static Seed of(StandIn standIn) {
    Path file = standIn.dir().resolve("seed.json");
    try {
      return new Seed(
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException("the stand-in has not been seeded (no " + file + ")", e);
    }
  }

  /** The seeded tags of a repository, in order. */
  public List<String> tags(String repository) {
    List<String> tags = new ArrayList<>();
    repository(repository).getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
    return tags;
  }

  /**
   * The manifest (or index) digest of a repository's tags; absent for {@code app/small}, which
   * skopeo converted.
   */
  public String digest(String repository) {
    return repository(repository).get("digest").getAsString();
  }

  /** The media type a repository's manifest was pushed with. */
  public String mediaType(String repository) {
    return repository(repository).get("mediaType").getAsString();
  }

  /** Regular files every seeded image holds, path to content. */
  public Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    json.getAsJsonObject("files")
        .entrySet()
        .forEach(e -> files.put(e.getKey(), e.getValue().getAsString()));
    return files;
  }

  /** Paths a lower layer holds and a later layer's whiteout deletes. */
  public List<String> deleted() {
    List<String> deleted = new ArrayList<>();
    json.getAsJsonArray("deleted").forEach(d -> deleted.add(d.getAsString()));
    return deleted;
  }

  /** The OCI image layout the images were pushed from (usable as push input). */
  public Path layout() {
    return Path.of(json.get("layout").getAsString());
  }

  private JsonObject repository(String repository) {
    JsonObject repositories = json.getAsJsonObject("repositories");
    if (!repositories.has(repository)) {
      throw new IllegalArgumentException(
          "not seeded: " + repository + "; seeded: " + repositories.keySet());
    }
    return repositories.getAsJsonObject(repository);
  }
}
